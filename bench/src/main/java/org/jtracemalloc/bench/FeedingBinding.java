package org.jtracemalloc.bench;

import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.AgentBinding;
import org.jtracemalloc.store.AgentLink;

/**
 * What the agent's binding does, minus the instrumentation: object sizes and the heap sink. A
 * benchmark binds the store to it and then plays the instrumented site, feeding {@link #sink()}.
 */
final class FeedingBinding implements AgentBinding {
    private final ToLongFunction<Object> sizes;
    private volatile ObjIntConsumer<Object> sink;

    private FeedingBinding(ToLongFunction<Object> sizes) {
        this.sizes = sizes;
    }

    /** Binds the store to a new binding with these object sizes and starts tracing with {@code nframe} frames. */
    static FeedingBinding startTracing(ToLongFunction<Object> sizes, int nframe) {
        FeedingBinding binding = new FeedingBinding(sizes);
        AgentLink.bind(binding);
        Tracemalloc.start(nframe);
        return binding;
    }

    /** Stops tracing and unbinds the store. */
    static void stopTracing() {
        Tracemalloc.stop();
        AgentLink.bind(null);
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
