package org.jtracemalloc.cli;

/**
 * Checks that this Java runtime has the attach API before any class that links against it is
 * loaded: the {@code jdk.attach} module ships with a JDK but not with a JRE or a trimmed
 * {@code jlink} image, and using it there would fail with a bare {@link NoClassDefFoundError}.
 */
final class AttachApi {
    private AttachApi() {}

    static void require() {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new CommandFailedException("this Java runtime (" + System.getProperty("java.home")
                    + ") has no attach API (module jdk.attach): run the tool with the java of a JDK, not a JRE");
        }
    }
}
