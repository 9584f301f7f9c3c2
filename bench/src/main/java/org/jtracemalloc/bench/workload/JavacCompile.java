package org.jtracemalloc.bench.workload;

/**
 * The javac workload of the whole-process benchmark: {@code com.sun.tools.javac.Main} with the
 * given arguments, timed in process ({@link WorkloadTime}); exits with javac's status.
 */
public final class JavacCompile {
    private JavacCompile() {}

    public static void main(String[] args) {
        WorkloadTime time = WorkloadTime.start();
        int status = com.sun.tools.javac.Main.compile(args);
        time.print();
        if (status != 0) {
            System.exit(status);
        }
    }
}
