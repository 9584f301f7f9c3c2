package org.jtracemalloc.privileged;

import java.security.ProtectionDomain;

import org.jtracemalloc.agent.BootHookDefiner;

/**
 * {@code jdk.internal.misc.Unsafe.defineClass} with no loader: the class goes to the boot loader,
 * in its unnamed module (where {@code -Xbootclasspath/a} classes go, and which every module whose
 * classes an agent transforms is made to read). Not {@code appendToBootstrapClassLoaderSearch}:
 * after that the JVM turns class data sharing off for every class of the other loaders and says
 * so on stderr.
 *
 * <p>Runs in the agent's own module, to which alone the agent exports {@code jdk.internal.misc};
 * {@code Unsafe} never leaves this class, and the one name it defines is fixed.
 */
public final class UnsafeBootHookDefiner implements BootHookDefiner {
    private static final String HOOK_CLASS = "org.jtracemalloc.bootstrap.AllocationHook";

    @Override
    public void define(byte[] classFile) throws ReflectiveOperationException {
        // Through reflection: javac's --release 17 cannot see the unexported package.
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class,
                        ProtectionDomain.class)
                .invoke(unsafe, HOOK_CLASS, classFile, 0, classFile.length, null, null);
    }
}
