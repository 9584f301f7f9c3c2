package org.jtracemalloc.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.Tracemalloc;

/**
 * The application the scrape endpoint's tests scrape, run with the agent's {@code http} key. It
 * prints {@code http HOST:PORT} (the endpoint's address, from the agent's MBean) and then obeys
 * commands on stdin, one line of output each, so that its output depends only on them:
 * <ul>
 * <li>{@code leak}: keeps {@link #ARRAYS_PER_LEAK} more {@code byte[}{@link #ARRAY_LENGTH}{@code ]} alive;</li>
 * <li>{@code garbage}: allocates as many arrays and drops them;</li>
 * <li>{@code churn}: allocates short-lived strings and prints a checksum of them;</li>
 * <li>{@code busy} / {@code calm}: starts / stops a thread that allocates garbage without pause;</li>
 * <li>{@code memory}: prints {@code Tracemalloc.getTracemallocMemory()};</li>
 * <li>{@code start}: starts tracing (for a run with {@code start=false});</li>
 * <li>{@code quit}.</li>
 * </ul>
 */
public final class ScrapedService {
    public static final int ARRAYS_PER_LEAK = 100;
    public static final int ARRAY_LENGTH = 10_000;
    public static final int CHURN_STRINGS = 1000;

    private static final List<byte[]> LEAKED = new ArrayList<>();
    private static volatile boolean busy;
    /** Where the allocating thread puts each object, so that the allocation cannot be optimised away. */
    private static volatile Object lastAllocated;

    private ScrapedService() {}

    public static void main(String[] args) throws Exception {
        Object address = AgentMBean.awaitRegistration().getAttribute(AgentMBean.NAME, "HttpAddress");
        // An empty young generation to start from: what the agent's start-up left there (the
        // rewriting's garbage) cannot then bring a collection into a test that counts garbage.
        System.gc();
        System.out.println("http " + address);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Thread allocator = null;
        int count = 0;
        for (String command = in.readLine(); command != null && !command.equals("quit"); command = in.readLine()) {
            count++;
            switch (command) {
                case "leak" -> System.out.println("leak " + count + ": " + leak() + " arrays kept");
                case "garbage" -> System.out.println("garbage " + count + ": " + garbage() + " bytes dropped");
                case "churn" -> System.out.println("churn " + count + ": checksum " + churn(count));
                case "busy" -> {
                    busy = true;
                    allocator = new Thread(ScrapedService::allocateWhileBusy, "allocator");
                    allocator.start();
                    System.out.println("busy " + count);
                }
                case "calm" -> {
                    busy = false;
                    allocator.join();
                    System.out.println("calm " + count);
                }
                case "memory" -> System.out.println("memory " + Tracemalloc.getTracemallocMemory());
                case "start" -> {
                    Tracemalloc.start(8);
                    System.out.println("started " + count);
                }
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
        }
        System.out.println("bye");
    }

    /** Each step in its own method, named in the profile. */
    private static int leak() {
        for (int i = 0; i < ARRAYS_PER_LEAK; i++) {
            LEAKED.add(new byte[ARRAY_LENGTH]); // site: leak
        }
        return LEAKED.size();
    }

    private static long garbage() {
        long dropped = 0;
        for (int i = 0; i < ARRAYS_PER_LEAK; i++) {
            byte[] array = new byte[ARRAY_LENGTH]; // site: garbage
            dropped += array.length;
        }
        return dropped;
    }

    /** A checksum of strings that depend on the step only: the same output with or without scrapes. */
    public static long churn(int step) {
        long checksum = 0;
        for (int i = 0; i < CHURN_STRINGS; i++) {
            checksum = checksum * 31 + ("churn-" + step + "-" + i).hashCode();
        }
        return checksum;
    }

    private static void allocateWhileBusy() {
        for (long i = 0; busy; i++) {
            lastAllocated = i % 2 == 0 ? new int[64] : String.valueOf(i);
        }
    }
}
