package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The settings value: its defaults, its checks, and {@link Tracemalloc#configure} applying all of it at once. */
class TracingSettingsTest {
    @Test
    void defaultsTraceEveryAllocationWithoutACountCapInHalfTheHeap() {
        TracingSettings defaults = TracingSettings.defaults();
        assertEquals(0, defaults.samplingInterval());
        assertEquals(Long.MAX_VALUE, defaults.maxTraces());
        assertEquals(Runtime.getRuntime().maxMemory() / 2, defaults.maxMemory());
    }

    @Test
    void eachValueOutOfRangeIsNamed() {
        TracingSettings defaults = TracingSettings.defaults();
        assertEquals("the sampling interval must be 0 or more bytes, got -1",
                assertThrows(IllegalArgumentException.class, () -> defaults.withSamplingInterval(-1)).getMessage());
        assertEquals("maxTraces must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> defaults.withMaxTraces(0)).getMessage());
        assertEquals("maxMemory must be at least 1 MiB (1048576 bytes), got 1048575",
                assertThrows(IllegalArgumentException.class, () -> defaults.withMaxMemory((1 << 20) - 1)).getMessage());
    }

    @Test
    void configureAppliesEveryValueAndABadOneNone() {
        TracingSettings before = Tracemalloc.getSettings();
        try {
            TracingSettings wanted = new TracingSettings(4096, 1000, 8 << 20);
            Tracemalloc.configure(wanted);
            assertEquals(wanted, Tracemalloc.getSettings());
            assertEquals(4096, Tracemalloc.getSamplingInterval());
            assertEquals(1000, Tracemalloc.getMaxTraces());
            assertEquals(8 << 20, Tracemalloc.getMaxMemory());

            assertThrows(IllegalArgumentException.class, () -> Tracemalloc.setMaxMemory(1));
            assertEquals(wanted, Tracemalloc.getSettings());
            Tracemalloc.setMaxTraces(2000);
            assertEquals(wanted.withMaxTraces(2000), Tracemalloc.getSettings());
        } finally {
            Tracemalloc.configure(before);
        }
    }
}
