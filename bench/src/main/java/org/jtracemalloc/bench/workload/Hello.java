package org.jtracemalloc.bench.workload;

/** The start-up workload of the whole-process benchmark: a JVM that only prints a line. */
public final class Hello {
    private Hello() {}

    public static void main(String[] args) {
        System.out.println("Hello");
    }
}
