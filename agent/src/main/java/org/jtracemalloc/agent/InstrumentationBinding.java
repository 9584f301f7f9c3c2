package org.jtracemalloc.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
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

    /**
     * The store's module is the system class loader's unnamed module, the application's too, so
     * classpath code also gains deep reflection into {@code java.lang} (as with
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED}); it happens only once tracing starts
     * with more than one frame.
     */
    @Override
    public boolean openJavaLangToStore() {
        Module javaBase = Object.class.getModule();
        if (!instrumentation.isModifiableModule(javaBase)) {
            return false;
        }
        Module store = AgentBinding.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(store)), Set.of(), Map.of());
        return true;
    }

    @Override
    public void connectHeapSink(ObjIntConsumer<Object> sink) {
        hook.connectHeapSink(sink);
    }
}
