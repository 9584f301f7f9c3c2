package org.jtracemalloc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.ObjIntConsumer;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.FakeAgent.Blob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SizeVerifier}: every traced object's recorded size against a reference size. */
class SizeVerifierTest {
    private static final int SITE = AllocationSites.register("com.example.Sizes", "make", "Sizes.java", 3);

    /** The reference disagrees with the fake agent's 16 bytes for this type only. */
    private record Odd() {}

    @RegisterExtension
    final FakeAgent agent = FakeAgent.tracing();
    private final SizeVerifier verifier = new SizeVerifier(object ->
            object instanceof Blob b ? b.size() : object instanceof Odd ? 24 : 16);

    @Test
    void countsEveryTracedObjectAndKeepsTheFirstMismatches() {
        ObjIntConsumer<Object> sink = verifier.around(agent.sink());
        for (int i = 0; i < 10; i++) {
            sink.accept(new Blob(8 * (i + 2)), SITE);
        }
        for (int i = 0; i < SizeVerifier.KEPT_MISMATCHES + 2; i++) {
            sink.accept(new Odd(), SITE);
        }
        sink.accept(new Blob(13), SITE); // recorded in 8-byte units: 16

        assertEquals(10 + SizeVerifier.KEPT_MISMATCHES + 2 + 1, verifier.checked());
        assertEquals(verifier.checked(), verifier.checkedOnThisThread());
        assertEquals(SizeVerifier.KEPT_MISMATCHES + 2 + 1, verifier.mismatches());
        String odd = Odd.class.getName() + ": traced 16 B, getObjectSize 24 B";
        assertEquals(List.of(odd, odd, odd, odd, odd), verifier.firstMismatches());
    }

    @Test
    void objectsTheStoreDoesNotTraceAreNotChecked() {
        ObjIntConsumer<Object> sink = verifier.around(agent.sink());
        ThreadState state = ThreadState.current();
        state.busy = true; // the store's own allocations
        try {
            sink.accept(new Blob(64), SITE);
        } finally {
            state.busy = false;
        }
        Tracemalloc.stop(); // not tracing
        sink.accept(new Blob(64), SITE);

        assertEquals(0, verifier.checked());
        assertEquals(0, verifier.mismatches());
    }
}
