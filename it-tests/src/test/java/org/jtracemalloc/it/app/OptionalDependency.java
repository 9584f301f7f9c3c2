package org.jtracemalloc.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * A program that loads, without linking, a class with an optional dependency that is absent at
 * run time, as framework auto-configuration scans do: {@link User} returns an {@link Absent} as a
 * {@link Base}, so the verifier needs {@link Absent} to link it, and the test deletes that class
 * file. {@link User} can never run, but it is loaded. Then it waits for {@code step} (keeps one
 * more array, allocated in a fresh call) and {@code quit} on stdin.
 */
public final class OptionalDependency {
    private static final java.util.List<byte[]> RETAINED = new java.util.ArrayList<>();

    private OptionalDependency() {}

    /** The optional library's base type, present. */
    public static class Base {}

    /** The optional library's class that the test removes. */
    public static final class Absent extends Base {}

    /** Compiled against the optional library; linking it needs {@link Absent}. */
    public static final class User {
        public static Base make() {
            return new Absent();
        }
    }

    public static void main(String[] args) throws Exception {
        Class.forName(User.class.getName(), false, OptionalDependency.class.getClassLoader());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        for (String command = in.readLine(); command != null && !command.equals("quit"); command = in.readLine()) {
            System.out.println("step " + step() + ": kept");
        }
        System.out.println("bye");
    }

    private static int step() {
        RETAINED.add(new byte[1000]);
        return RETAINED.size();
    }
}
