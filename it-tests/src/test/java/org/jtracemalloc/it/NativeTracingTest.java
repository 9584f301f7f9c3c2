package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.jtracemalloc.it.app.NativeAllocations;
import org.junit.jupiter.api.Test;

/** {@code domains=native}: Unsafe memory and direct buffers are traced by address, and untraced when freed. */
class NativeTracingTest {
    private static final SourceMarkers SITES = SourceMarkers.of(NativeAllocations.class);

    @Test
    void directBuffersAndUnsafeBlocksAreTracedUntilFreed() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("domains=heap+native,nframe=3").run(NativeAllocations.class);
        assertEquals(0, result.exitCode(), result::toString);
        String buffers = SITES.line("buffers") + " " + NativeAllocations.BUFFERS * NativeAllocations.BUFFER_CAPACITY + " "
                + NativeAllocations.BUFFERS;
        String blocks = SITES.line("blocks") + " " + NativeAllocations.BLOCKS * NativeAllocations.BLOCK_SIZE + " "
                + NativeAllocations.BLOCKS;
        assertEquals(List.of("allocated " + buffers, "allocated " + blocks, "allocatedLines 2",
                        "freed " + buffers, "freedLines 1"),
                result.stdout().stream().filter(line -> line.startsWith("allocated") || line.startsWith("freed")).toList(),
                result::toString);
    }
}
