package org.jtracemalloc.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;

/**
 * A diagnostic (agent key {@code verifySizes}, docs/configuration.md): once the recorder has
 * traced an object, compares the size its trace holds with the JVM's size of that object, and
 * counts the objects checked and the mismatches. It wraps the recorder only when the agent is told
 * to verify, so the recording path is untouched otherwise; when on, it costs a second size query
 * and a thread-local lookup per allocation.
 *
 * <p>Which trace belongs to the object: the recorder appends it to the newest slot of the thread's
 * own log, so right after the recorder returns, that slot refers to the object exactly when it was
 * traced (not sampled out, not dropped at the cap, not a store-internal allocation).
 */
public final class SizeVerifier {
    /** How many mismatches are kept, with class and both sizes, for the report. */
    static final int KEPT_MISMATCHES = 5;

    private final ToLongFunction<Object> jvmSize;
    private final LongAdder checked = new LongAdder();
    private final LongAdder mismatched = new LongAdder();
    private final List<String> firstMismatches = new ArrayList<>();
    /** Objects checked on each thread, so that one thread can compare with what it traced itself. */
    private final ThreadLocal<long[]> checkedOnThread = ThreadLocal.withInitial(() -> new long[1]);

    /** @param jvmSize the reference size of an object ({@code Instrumentation.getObjectSize}) */
    public SizeVerifier(ToLongFunction<Object> jvmSize) {
        this.jvmSize = jvmSize;
    }

    /** The sink to connect instead of {@code recorder}: records, then checks what was recorded. */
    public ObjIntConsumer<Object> around(ObjIntConsumer<Object> recorder) {
        return (object, siteId) -> {
            recorder.accept(object, siteId);
            check(object);
        };
    }

    private void check(Object object) {
        ThreadState state = ThreadState.current();
        if (object == null || state.busy) {
            return; // a store-internal allocation: never traced
        }
        try (ThreadState.Section section = state.enter()) {
            ThreadLog log = state.log;
            if (log == null) {
                return;
            }
            TraceChunk chunk = log.newest();
            int last = chunk.published() - 1;
            if (last < 0 || chunk.handles[last] == null || !chunk.handles[last].refersTo(object)) {
                return; // not traced
            }
            long recorded = chunk.size(last);
            long expected = jvmSize.applyAsLong(object);
            checked.increment();
            checkedOnThread.get()[0]++;
            if (recorded != expected) {
                mismatched.increment();
                // No string concatenation here: its first use links call sites, not a thing to do inside an allocation.
                keep(new StringBuilder(object.getClass().getName()).append(": traced ").append(recorded)
                        .append(" B, getObjectSize ").append(expected).append(" B").toString());
            }
        } catch (RuntimeException e) {
            HeapRecorder.countRecordError();
        }
    }

    private void keep(String mismatch) {
        synchronized (firstMismatches) {
            if (firstMismatches.size() < KEPT_MISMATCHES) {
                firstMismatches.add(mismatch);
            }
        }
    }

    /** Traced objects whose size was checked, in every thread. */
    public long checked() {
        return checked.sum();
    }

    /** Traced objects checked by the calling thread. */
    public long checkedOnThisThread() {
        return checkedOnThread.get()[0];
    }

    /** Checked objects whose traced size differed from the JVM's. */
    public long mismatches() {
        return mismatched.sum();
    }

    /** The first few mismatches: class name, traced size, JVM size. */
    public List<String> firstMismatches() {
        synchronized (firstMismatches) {
            return List.copyOf(firstMismatches);
        }
    }

    /** One line for people: what was checked and what differed. */
    public String report() {
        long mismatches = mismatches();
        return "size check: " + checked() + " traced objects compared with Instrumentation.getObjectSize, "
                + mismatches + (mismatches == 0 ? " mismatches" : " mismatches, first: " + String.join("; ", firstMismatches()));
    }
}
