package org.jtracemalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ranks that statistics sort on must order tracebacks exactly as {@link Traceback#compareTo}. */
class TracebackOrderTest {
    // filenames whose UTF-16 order differs from code point order, and shared prefixes
    private static final String[] FILES = {"a.py", "b.py", "B.py", "a", "\uFFFD.py", "\uD83D\uDE00.py", "\u00e9.py", "ab.py"};
    private static final String[] CLASSES = {null, "A", "B"};

    private static Frame randomFrame(Random random) {
        return new Frame(FILES[random.nextInt(FILES.length)], random.nextInt(3),
                CLASSES[random.nextInt(CLASSES.length)], random.nextBoolean() ? null : "m");
    }

    private static Traceback[] distinctTracebacks(Random random, int maxDepth, int count) {
        Set<Traceback> keys = new LinkedHashSet<>();
        while (keys.size() < count) {
            List<Frame> frames = new ArrayList<>();
            int depth = maxDepth == 1 ? 1 : random.nextInt(maxDepth + 1); // includes empty tracebacks
            for (int i = 0; i < depth; i++) {
                frames.add(randomFrame(random));
            }
            keys.add(new Traceback(frames));
        }
        return keys.toArray(new Traceback[0]);
    }

    @ParameterizedTest(name = "tracebacks of up to {0} frames")
    @ValueSource(ints = {1, 2, 4})
    void ranksAgreeWithCompareTo(int maxDepth) {
        Random random = new Random(maxDepth);
        Traceback[] keys = distinctTracebacks(random, maxDepth, maxDepth == 1 ? 100 : 400);
        int[] ranks = TracebackOrder.ranks(keys);
        for (int i = 0; i < keys.length; i++) {
            for (int j = 0; j < keys.length; j++) {
                Traceback a = keys[i];
                Traceback b = keys[j];
                assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(Integer.compare(ranks[i], ranks[j])),
                        () -> a.repr() + " vs " + b.repr());
            }
        }
    }
}
