package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jtracemalloc.KeyType;
import org.jtracemalloc.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * The expected texts are what CPython 3.11 prints for the same traces (see
 * {@link HandMadeSnapshots}) with the documentation's display_top recipe (without its linecache
 * line) and its "Compute differences" recipe, with traceback.format() lines for the traceback key.
 */
class TopListingTest {
    private final Snapshot snapshot = HandMadeSnapshots.current();

    @Test
    void topByLine() {
        assertEquals(List.of(
                "Top 3 lines",
                "#1: jdk/internal/misc/Unsafe.java:1382: 4.0 KiB",
                "#2: com/example/Cache.java:20: 1.0 KiB",
                "#3: java/util/HashMap.java:1901: 0.5 KiB",
                "2 other: 0.1 KiB",
                "Total allocated size: 5.6 KiB"),
                TopListing.top(snapshot.statistics(KeyType.LINENO), KeyType.LINENO, 3));
    }

    @Test
    void topByFilePrintsLineZeroAsTheRecipeDoes() {
        assertEquals(List.of(
                "Top 2 lines",
                "#1: jdk/internal/misc/Unsafe.java:0: 4.0 KiB",
                "#2: com/example/Cache.java:0: 1.0 KiB",
                "3 other: 0.6 KiB",
                "Total allocated size: 5.6 KiB"),
                TopListing.top(snapshot.statistics(KeyType.FILENAME), KeyType.FILENAME, 2));
    }

    @Test
    void topByTracebackNamesTheOldestFrameAndListsAllFrames() {
        assertEquals(List.of(
                "Top 2 lines",
                "#1: com/example/Buffers.java:3: 4.0 KiB",
                "  File \"com/example/Buffers.java\", line 3",
                "  File \"jdk/internal/misc/Unsafe.java\", line 1382",
                "#2: com/example/Main.java:5: 1.0 KiB",
                "  File \"com/example/Main.java\", line 5",
                "  File \"com/example/Cache.java\", line 20",
                "3 other: 0.6 KiB",
                "Total allocated size: 5.6 KiB"),
                TopListing.top(snapshot.statistics(KeyType.TRACEBACK), KeyType.TRACEBACK, 2));
    }

    @Test
    void cumulativeTopWithRoomForAllHasNoOtherLine() {
        assertEquals(List.of(
                "Top 10 lines",
                "#1: jdk/internal/misc/Unsafe.java:1382: 4.0 KiB",
                "#2: com/example/Buffers.java:3: 4.0 KiB",
                "#3: com/example/Main.java:5: 1.0 KiB",
                "#4: com/example/Cache.java:20: 1.0 KiB",
                "#5: java/util/HashMap.java:1901: 0.5 KiB",
                "#6: com/example/Cache.java:12: 0.5 KiB",
                "#7: com/example/Main.java:7: 0.1 KiB",
                "#8: java/util/ArrayList.java:239: 0.1 KiB",
                "#9: java/lang/String.java:4500: 0.0 KiB",
                "Total allocated size: 11.2 KiB"),
                TopListing.top(snapshot.statistics(KeyType.LINENO, true), KeyType.LINENO, 10));
    }

    @Test
    void emptySnapshot() {
        assertEquals(List.of("Top 10 lines", "Total allocated size: 0.0 KiB"),
                TopListing.top(new Snapshot(List.of(), 1).statistics(KeyType.LINENO), KeyType.LINENO, 10));
    }

    @Test
    void diffByLineLargestChangeFirstWithSigns() {
        assertEquals(List.of(
                "[ Top 3 differences ]",
                "jdk/internal/misc/Unsafe.java:1382: size=4096 B (+4096 B), count=1 (+1), average=4096 B",
                "java/util/HashMap.java:1901: size=512 B (+512 B), count=2 (+2), average=256 B",
                "com/example/Old.java:9: size=0 B (-512 B), count=0 (-1)"),
                TopListing.diff(snapshot.compareTo(HandMadeSnapshots.old(), KeyType.LINENO), KeyType.LINENO, 3));
    }

    @Test
    void diffByTracebackListsTheFrames() {
        assertEquals(List.of(
                "[ Top 2 differences ]",
                "com/example/Buffers.java:3: size=4096 B (+4096 B), count=1 (+1), average=4096 B",
                "  File \"com/example/Buffers.java\", line 3",
                "  File \"jdk/internal/misc/Unsafe.java\", line 1382",
                "com/example/Cache.java:12: size=512 B (+512 B), count=2 (+2), average=256 B",
                "  File \"com/example/Cache.java\", line 12",
                "  File \"java/util/HashMap.java\", line 1901"),
                TopListing.diff(snapshot.compareTo(HandMadeSnapshots.old(), KeyType.TRACEBACK), KeyType.TRACEBACK, 2));
    }

    /** Python: {@code "%.1f" % (256 / 1024)} is {@code 0.2} and {@code "%.1f" % (768 / 1024)} is {@code 0.8}. */
    @Test
    void kibRoundsTheExactQuotientHalfToEven() {
        assertEquals("0.2", TopListing.kib(256));
        assertEquals("0.8", TopListing.kib(768));
        assertEquals("0.1", TopListing.kib(124));
        assertEquals("12201.8", TopListing.kib(12_494_660));
    }
}
