package org.jtracemalloc.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjIntConsumer;

/**
 * The sink the agent's hook calls for every instrumented allocation, from any thread and any
 * code, including the JDK's. It drops the allocations of a thread that is already inside the
 * store (the store's own allocations), never throws into the application (failures are counted
 * in {@link #recordErrors()}), never blocks and takes no lock.
 */
final class HeapRecorder implements ObjIntConsumer<Object> {
    static final HeapRecorder INSTANCE = new HeapRecorder();
    private static final AtomicLong RECORD_ERRORS = new AtomicLong();

    private HeapRecorder() {}

    /** Something threw while an allocation was being recorded (here, in a sweep or in the size check). */
    static void countRecordError() {
        RECORD_ERRORS.incrementAndGet();
    }

    /** Allocations the store failed to record; the application never saw the exceptions. */
    static long recordErrors() {
        return RECORD_ERRORS.get();
    }

    @Override
    public void accept(Object object, int siteId) {
        ThreadState state = ThreadState.current();
        if (state.busy) {
            state.dropSamplePoint();
            return;
        }
        try (ThreadState.Section section = state.enter()) {
            Generation generation = TraceStore.generation();
            if (generation != null && object != null) {
                generation.record(state, object, siteId);
            }
        } catch (Throwable t) {
            countRecordError();
        }
    }
}
