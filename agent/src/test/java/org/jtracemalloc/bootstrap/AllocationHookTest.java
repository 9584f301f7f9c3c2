package org.jtracemalloc.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hook's sampling countdown (the class as compiled, in the test's loader). */
class AllocationHookTest {
    private final List<Object> delivered = new ArrayList<>();
    private final ThreadLocal<long[]> countdowns = new ThreadLocal<>();

    @AfterEach
    void disconnect() {
        AllocationHook.connectHeapSink(null);
        AllocationHook.connectSamplingCountdowns(null, null);
    }

    private void connect() {
        AllocationHook.connectHeapSink((object, siteId) -> delivered.add(object));
        AllocationHook.connectSamplingCountdowns(countdowns, object -> ((byte[]) object).length);
    }

    @Test
    void anAllocationThatStaysAboveZeroIsTakenOffTheCountdownAndNotDelivered() {
        connect();
        long[] countdown = {100};
        countdowns.set(countdown);
        byte[] first = new byte[60];
        byte[] second = new byte[40];
        byte[] third = new byte[1];
        AllocationHook.allocated(first, 1);
        AllocationHook.allocated(second, 1);
        assertArrayEquals(new long[] {0}, countdown);
        assertEquals(List.of(), delivered);

        AllocationHook.allocated(third, 1);
        assertArrayEquals(new long[] {0}, countdown, "the store, which draws the next point, sees it unchanged");
        assertEquals(List.of(third), delivered);
    }

    @Test
    void aThreadWithoutACountdownDeliversEveryAllocation() {
        connect();
        byte[] object = new byte[8];
        AllocationHook.allocated(object, 1);
        countdowns.set(null);
        AllocationHook.allocated(object, 1);
        assertEquals(List.of(object, object), delivered);
    }

    @Test
    void withoutCountdownsEveryAllocationIsDelivered() {
        AllocationHook.connectHeapSink((object, siteId) -> delivered.add(object));
        countdowns.set(new long[] {1000});
        byte[] object = new byte[8];
        AllocationHook.allocated(object, 1);
        assertEquals(List.of(object), delivered);
    }
}
