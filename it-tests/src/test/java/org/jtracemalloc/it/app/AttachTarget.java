package org.jtracemalloc.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The application the attach tests attach to: started without the agent, it waits for commands on
 * stdin so that its output depends only on them, never on timing. {@code step} keeps ten more
 * {@code byte[1000]} alive and prints a line; {@code fill} keeps {@link #FILL} small arrays more,
 * {@code release} lets them go and collects; {@code quit} exits.
 */
public final class AttachTarget {
    public static final String FILENAME = "org/jtracemalloc/it/app/AttachTarget.java";
    public static final int ARRAYS_PER_STEP = 10;
    public static final int ARRAY_LENGTH = 1000;

    public static final int FILL = 200_000;

    private static final List<byte[]> RETAINED = new ArrayList<>();
    private static final List<long[]> FILLED = new ArrayList<>();

    private AttachTarget() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        int steps = 0;
        for (String command = in.readLine(); command != null && !command.equals("quit"); command = in.readLine()) {
            switch (command) {
                case "fill" -> System.out.println("filled " + fill());
                case "release" -> {
                    FILLED.clear();
                    System.gc();
                    System.out.println("released");
                }
                default -> {
                    steps++;
                    System.out.println("step " + steps + ": " + step() + " bytes"); // site: loop
                }
            }
        }
        System.out.println("bye");
    }

    private static int fill() {
        for (int i = 0; i < FILL; i++) {
            FILLED.add(new long[2]); // site: fill
        }
        return FILLED.size();
    }

    /**
     * One step, in its own method: a method that is running when the agent retransforms its class
     * keeps running the old code, so the allocations must be made by a fresh call.
     */
    private static long step() {
        for (int i = 0; i < ARRAYS_PER_STEP; i++) {
            RETAINED.add(new byte[ARRAY_LENGTH]); // site: step
        }
        long sum = 0;
        for (byte[] array : RETAINED) {
            sum += array.length;
        }
        return sum;
    }
}
