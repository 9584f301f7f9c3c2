package org.jtracemalloc.cli;

import java.util.List;

/**
 * The way in to the attach API, checking first that this Java runtime has it: the
 * {@code jdk.attach} module ships with a JDK but not with a JRE or a trimmed {@code jlink} image,
 * and linking {@link TargetJvm} there would fail with a bare {@link NoClassDefFoundError}. This
 * class names no attach type, so it always loads.
 */
final class AttachApi {
    private AttachApi() {}

    /** The JVMs the attach API can see, in PID order, without this tool's own. */
    static List<RunningJvm> list() {
        require();
        return TargetJvm.list();
    }

    /** Attaches to the JVM with this PID. */
    static TargetJvm attach(long pid) {
        require();
        return TargetJvm.attach(pid);
    }

    private static void require() {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            throw new CommandFailedException("this Java runtime (" + System.getProperty("java.home")
                    + ") has no attach API (module jdk.attach): run the tool with the java of a JDK, not a JRE");
        }
    }
}
