package org.jtracemalloc.bench;

import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;
import org.jtracemalloc.store.AgentBinding;

/**
 * What the agent's binding does, minus the instrumentation: object sizes and the heap sink. A
 * benchmark binds the store to it and then plays the instrumented site, feeding {@link #sink()}.
 */
final class FeedingBinding implements AgentBinding {
    private final ToLongFunction<Object> sizes;
    private volatile ObjIntConsumer<Object> sink;

    FeedingBinding(ToLongFunction<Object> sizes) {
        this.sizes = sizes;
    }

    /** The store's receiver of allocations, installed when tracing starts. */
    ObjIntConsumer<Object> sink() {
        return sink;
    }

    @Override
    public long sizeOf(Object object) {
        return sizes.applyAsLong(object);
    }

    @Override
    public void connectHeapSink(ObjIntConsumer<Object> sink) {
        this.sink = sink;
    }
}
