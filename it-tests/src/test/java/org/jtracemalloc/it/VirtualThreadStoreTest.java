package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtracemalloc.it.app.VirtualThreadTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Millions of virtual threads with the real agent in exact mode: the store's memory follows the
 * carriers, not the virtual threads ever started, what the tasks keep is traced exactly, and the
 * allocation snapshot counts every task's allocation.
 * Virtual threads exist from JDK 21 on, so this runs in the Temurin 25 pass.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadStoreTest {
    private static final int TASKS = 2_000_000;
    /** {@code byte[64]}: 64 bytes after a 16-byte header (12 with compact headers, then aligned to 8). */
    private static final long ARRAY_SIZE = 80;

    @Test
    void twoMillionTasksRunInASmallHeapAndWhatTheyKeepIsTracedExactly() throws Exception {
        // Three quarters of the heap for the store: G1 promotes some tasks' objects early (the young
        // collections copy one handle per allocation), they die in the old generation, and their
        // traces count until an old collection; at the default half, some runs reached the budget
        // and dropped allocations (docs/configuration.md, maxMemory).
        ForkedJvm.Result result = ForkedJvm.withAgent("maxMemory=384m").option("-Xmx512m")
                .run(VirtualThreadTasks.class, Integer.toString(TASKS));
        System.out.println(String.join("\n", result.stdout()));
        assertEquals(0, result.exitCode(), result::toString);
        long kept = TASKS / VirtualThreadTasks.KEEP_ONE_IN;
        assertEquals(kept, result.number("keptArrays"), result::toString);
        assertEquals(0, result.number("dropped"), result::toString);
        assertEquals(kept, result.number("tracedArrays"), result::toString);
        assertEquals(kept * ARRAY_SIZE, result.number("tracedArrayBytes"), result::toString);
        // Every task's array, counted on the stripes the virtual threads share, most of them dead.
        assertEquals(TASKS, result.number("allocatedArrays"), result::toString);
        assertEquals(TASKS * ARRAY_SIZE, result.number("allocatedArrayBytes"), result::toString);
        assertTrue(result.number("storeMemory") < 50L << 20, result::toString);
    }
}
