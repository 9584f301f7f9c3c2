package org.jtracemalloc.agent;

/**
 * Defines the boot hook ({@link BootstrapHook#CLASS_NAME}) in the boot loader. Implemented in the
 * agent's own module ({@link PrivilegedModule}), the only module that {@code jdk.internal.misc}
 * is exported to; public only so that the module can implement it.
 */
public interface BootHookDefiner {

    /**
     * Defines the class of {@code classFile} in the boot loader under the hook's name: the VM
     * refuses bytes of another class and a second definition.
     */
    void define(byte[] classFile) throws ReflectiveOperationException;
}
