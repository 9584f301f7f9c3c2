package org.jtracemalloc.agent;

import java.lang.instrument.Instrumentation;
import java.util.function.ObjIntConsumer;

import org.jtracemalloc.store.AgentBinding;

/** The trace store's view of the agent: JVM object sizes and the boot hook's sink. */
final class InstrumentationBinding implements AgentBinding {
    private final Instrumentation instrumentation;
    private final BootstrapHook hook;

    InstrumentationBinding(Instrumentation instrumentation, BootstrapHook hook) {
        this.instrumentation = instrumentation;
        this.hook = hook;
    }

    @Override
    public long sizeOf(Object object) {
        return instrumentation.getObjectSize(object);
    }

    @Override
    public void connectHeapSink(ObjIntConsumer<Object> sink) {
        hook.connectHeapSink(sink);
    }
}
