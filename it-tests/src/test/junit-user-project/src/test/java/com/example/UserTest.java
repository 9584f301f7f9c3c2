package com.example;

import static org.jtracemalloc.junit.MemoryAssertions.assertAllocatedAtMost;
import static org.jtracemalloc.junit.MemoryAssertions.assertNoAllocations;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.junit.MaxRetained;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;

/** Two of these tests fail on purpose; JUnitUserBuildTest checks their messages. */
class UserTest {
    private static final List<long[]> KEPT = new ArrayList<>();
    private static long sink;

    @Test
    void runsOnTheProjectsJUnit() {
        assertEquals(System.getProperty("expected.jupiter.version"), Test.class.getPackage().getImplementationVersion());
        assertEquals(System.getProperty("expected.platform.version"), AnnotationSupport.class.getPackage().getImplementationVersion());
    }

    @Test
    @MaxRetained(bytes = 4096, include = "com/example/*")
    void keepsLessThanItsLimit() {
        KEPT.add(new long[64]);
    }

    @Test
    @MaxRetained(bytes = 4096, include = "com/example/*")
    void keepsMoreThanItsLimit() {
        for (int i = 0; i < 100; i++) {
            KEPT.add(new long[64]); // site: kept
        }
    }

    @Test
    void summingAllocatesNothing() {
        long[] values = {1, 2, 3};
        assertNoAllocations(() -> sink = values[0] + values[1] + values[2]);
    }

    @Test
    void anArrayIsWithinItsAllowance() {
        assertAllocatedAtMost(1024, () -> sink = new long[8].length);
    }

    @Test
    void anArrayIsAnAllocation() {
        assertNoAllocations(() -> sink = new long[8].length); // site: allocated
    }
}
