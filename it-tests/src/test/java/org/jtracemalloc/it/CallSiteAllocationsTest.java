package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;

import org.jtracemalloc.it.app.CallSiteAllocations;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Objects made by calls (clone, lambdas, intrinsic copies) are traced at the application's line,
 * and objects made inside JDK code at the JDK's line with the application's frames above it, after
 * C2 compiled the callers. Frames are printed oldest first, as tracemalloc orders them.
 */
class CallSiteAllocationsTest {
    private static final SourceMarkers SITES = SourceMarkers.of(CallSiteAllocations.class);
    private static final String FILE = "org/jtracemalloc/it/app/CallSiteAllocations.java";
    private static ForkedJvm.Result result;

    @BeforeAll
    static void run() throws Exception {
        result = ForkedJvm.withAgent("nframe=4").option("-XX:-DoEscapeAnalysis").run(CallSiteAllocations.class);
        assertEquals(0, result.exitCode(), result::toString);
    }

    @Test
    void arrayCloneAtItsLine() {
        assertEquals(CallSiteAllocations.ROUNDS, count(frames -> last(frames).equals(at("clone"))));
    }

    @Test
    void capturingLambdaAtItsInvokedynamic() {
        assertEquals(CallSiteAllocations.ROUNDS, count(frames -> last(frames).equals(at("lambda"))));
    }

    @Test
    void constructorReferenceAtItsLineAboveTheCallsThatRunIt() {
        // The proxy's frame is hidden from stack walks: the reference's line stands for it, and
        // below it come the real callers, the factory's get() first.
        assertEquals(CallSiteAllocations.ROUNDS, count(frames -> last(frames).equals(at("constructorReference"))
                && frames.get(frames.size() - 2).equals(at("get")) && frames.get(frames.size() - 3).equals(at("make"))));
    }

    @Test
    void intrinsicCopyAtTheArraysLineBelowTheCaller() {
        assertEquals(CallSiteAllocations.ROUNDS, count(frames -> last(frames).startsWith("java/util/Arrays.java:")
                && frames.get(frames.size() - 2).equals(at("copyOf"))));
    }

    @Test
    void hashMapResizeAtTheJdkLineWithTheApplicationAbove() {
        // The second entry's node and the table that resize() grows for it.
        assertEquals(2 * CallSiteAllocations.ROUNDS, count(frames -> frames.contains(at("resize"))
                && last(frames).startsWith("java/util/HashMap.java:")));
    }

    @Test
    void substringAtTheJdkLineWithTheApplicationAbove() {
        // i % 4 == 0 is the whole string: substring(0) allocates nothing.
        assertEquals(CallSiteAllocations.ROUNDS / 4 * 3, count(frames -> frames.contains(at("substring"))
                && last(frames).startsWith("java/lang/")));
    }

    private static String at(String marker) {
        return FILE + ":" + SITES.line(marker);
    }

    private static String last(List<String> frames) {
        return frames.get(frames.size() - 1);
    }

    /** Objects of the statistics whose frames match; each must have a positive size per object. */
    private static long count(Predicate<List<String>> frames) {
        long count = 0;
        for (String line : result.stdout()) {
            if (line.startsWith("statistic ")) {
                List<String> words = List.of(line.split(" "));
                if (frames.test(words.subList(3, words.size()))) {
                    long objects = Long.parseLong(words.get(1));
                    long size = Long.parseLong(words.get(2));
                    assertTrue(size > 0 && size % objects == 0, line);
                    count += objects;
                }
            }
        }
        return count;
    }
}
