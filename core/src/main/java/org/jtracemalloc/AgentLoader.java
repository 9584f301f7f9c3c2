package org.jtracemalloc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jtracemalloc.store.AgentBinding;
import org.jtracemalloc.store.AgentLink;

/**
 * Finds the agent for {@link Tracemalloc#start()}: the one loaded with {@code -javaagent}, or else
 * the agent jar on the class path, which can load itself into this JVM. Core cannot depend on the
 * agent (the agent depends on core), so the self-attach entry point is looked up by name.
 */
final class AgentLoader {
    static final String SELF_ATTACH_CLASS = "org.jtracemalloc.agent.SelfAttach";

    private AgentLoader() {}

    /** The agent's binding, loading the agent first if its jar is on the class path. */
    static AgentBinding binding() {
        AgentBinding binding = AgentLink.binding();
        if (binding != null) {
            return binding;
        }
        Class<?> selfAttach = selfAttachClass();
        if (selfAttach == null) {
            throw new IllegalStateException("the jtracemalloc agent is not loaded: start the JVM with"
                    + " -javaagent:/path/to/jtracemalloc-agent.jar, or put jtracemalloc-agent.jar on the"
                    + " class path so that Tracemalloc.start() can load it");
        }
        try {
            Method attach = selfAttach.getMethod("attach");
            attach.invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the jtracemalloc agent could not load itself into this JVM: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the jtracemalloc agent jar on the class path has no usable "
                    + SELF_ATTACH_CLASS + ".attach(): " + e, e);
        }
        binding = AgentLink.binding();
        if (binding == null) {
            throw new IllegalStateException("the jtracemalloc agent loaded itself but did not bind to the trace store");
        }
        return binding;
    }

    private static Class<?> selfAttachClass() {
        for (ClassLoader loader : new ClassLoader[] {
                Thread.currentThread().getContextClassLoader(), ClassLoader.getSystemClassLoader()}) {
            try {
                return Class.forName(SELF_ATTACH_CLASS, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // not on this loader's path: try the next
            }
        }
        return null;
    }
}
