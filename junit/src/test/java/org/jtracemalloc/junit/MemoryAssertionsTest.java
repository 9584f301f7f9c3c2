package org.jtracemalloc.junit;

import static org.jtracemalloc.junit.MemoryAssertions.assertAllocatedAtMost;
import static org.jtracemalloc.junit.MemoryAssertions.assertNoAllocations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Allocated bytes of a code path, garbage included, by line. */
class MemoryAssertionsTest {
    private static final String THIS_FILE = "org/jtracemalloc/junit/MemoryAssertionsTest.java";

    private final int[] values = new int[10_000];
    private long total;
    private int runs;
    private long[] lazyTable;

    MemoryAssertionsTest() {
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
    }

    private static long sum(int[] values) {
        long sum = 0;
        for (int value : values) {
            sum += value;
        }
        return sum;
    }

    /** Boxes every value into a list that is garbage as soon as it returns. */
    private static long boxedSum(int[] values) {
        List<Integer> boxed = new ArrayList<>(values.length); // list
        for (int value : values) {
            boxed.add(value + 1_000_000); // boxing
        }
        long sum = 0;
        for (int value : boxed) {
            sum += value;
        }
        return sum;
    }

    @Test
    void summingAPreSizedArrayAllocatesNothing() {
        assertNoAllocations(() -> total = sum(values));
        assertEquals(49_995_000L, total);
    }

    @Test
    void aPathThatAllocatesOnlyOnItsFirstRunIsWarmedUpFirst() {
        assertNoAllocations(() -> {
            runs++;
            if (lazyTable == null) {
                lazyTable = new long[64];
            }
        });
        assertEquals(2, runs);
    }

    @Test
    void theAssertionsOwnMachineryIsNotCounted() {
        assertNoAllocations(() -> {});
        assertAllocatedAtMost(0, () -> {});
    }

    @Test
    void anAllocatingMethodFailsWithItsLinesBiggestFirst() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> assertNoAllocations(() -> total = boxedSum(values)));
        List<String> lines = e.getMessage().lines().toList();
        assertTrue(lines.get(0).startsWith("expected no allocations, but "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" objects were allocated:"), lines.get(0));
        // Integer.valueOf allocates the boxes in the JDK's Integer.java; the list's array is ours
        String boxes = lines.get(1);
        assertTrue(boxes.matches("  java/lang/Integer\\.java:\\d+: \\d+ B in 10000 objects"), boxes);
        String list = THIS_FILE + ":" + SourceLines.lineOf(THIS_FILE, "list");
        assertTrue(lines.stream().anyMatch(l -> l.matches("  " + list + ": \\d+ B in 1 object")), e.getMessage());
    }

    @Test
    void garbageCollectedBeforeTheCheckStillCounts() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertAllocatedAtMost(1000, () -> {
            for (int i = 0; i < 10; i++) {
                total += new long[1000].length; // garbage
                System.gc();
            }
        }));
        String garbage = THIS_FILE + ":" + SourceLines.lineOf(THIS_FILE, "garbage");
        List<String> lines = e.getMessage().lines().toList();
        assertTrue(lines.get(0).startsWith("expected at most 1000 B allocated, but "), lines.get(0));
        assertTrue(lines.get(1).startsWith("  " + garbage + ": "), lines.get(1));
        assertTrue(lines.get(1).endsWith(" B in 10 objects"), lines.get(1));
    }

    @Test
    void aBudgetThatCoversTheAllocationsPasses() {
        assertAllocatedAtMost(1_000_000, () -> total = boxedSum(new int[100]));
    }

    @Test
    void aNegativeBudgetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> assertAllocatedAtMost(-1, () -> {}));
        assertEquals("bytes must be >= 0, got -1", e.getMessage());
    }
}
