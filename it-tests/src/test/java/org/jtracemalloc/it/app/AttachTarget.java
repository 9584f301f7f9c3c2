package org.jtracemalloc.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The application the attach tests attach to: started without the agent, it waits for commands on
 * stdin so that its output depends only on them, never on timing. {@code step} keeps ten more
 * {@code byte[1000]} alive and prints a line; {@code quit} exits.
 */
public final class AttachTarget {
    public static final int ARRAYS_PER_STEP = 10;
    public static final int ARRAY_LENGTH = 1000;

    private AttachTarget() {}

    public static void main(String[] args) throws Exception {
        List<byte[]> retained = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready");
        int step = 0;
        for (String command = in.readLine(); command != null && !command.equals("quit"); command = in.readLine()) {
            for (int i = 0; i < ARRAYS_PER_STEP; i++) {
                retained.add(new byte[ARRAY_LENGTH]); // site: step
            }
            step++;
            long sum = 0;
            for (byte[] array : retained) {
                sum += array.length;
            }
            System.out.println("step " + step + ": " + retained.size() + " arrays, " + sum + " bytes");
        }
        System.out.println("bye");
    }
}
