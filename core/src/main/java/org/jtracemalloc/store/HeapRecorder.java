package org.jtracemalloc.store;

import java.util.function.ObjIntConsumer;

/**
 * The sink the agent's hook calls for every instrumented allocation, from any thread and any
 * code, including the JDK's. It drops the allocations of a thread that is already inside the
 * store (the store's own allocations), never throws into the application (failures are counted
 * in {@link TraceEngine#recordErrors()}), never blocks and takes no lock.
 */
final class HeapRecorder implements ObjIntConsumer<Object> {
    static final HeapRecorder INSTANCE = new HeapRecorder();

    private HeapRecorder() {}

    @Override
    public void accept(Object object, int siteId) {
        ThreadState state = ThreadState.current();
        if (state.busy) {
            return;
        }
        try (ThreadState.Section section = state.enter()) {
            Generation generation = TraceStore.generation();
            if (generation != null && object != null) {
                generation.record(state, object, siteId);
            }
        } catch (Throwable t) {
            TraceEngine.countRecordError();
        }
    }
}
