package org.jtracemalloc.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.bytebuddy.agent.builder.AgentBuilder.RedefinitionStrategy;

/**
 * The discovery of the classes to retransform at installation: Byte Buddy's reiterating discovery
 * (every loaded class, then, pass after pass, the classes loaded meanwhile), less the classes that
 * the installed transformer already rewrote while they were being loaded. The installation itself
 * loads hundreds of classes after the transformer is registered (about 500 on JDK 25);
 * retransforming them again would only redo the same rewriting.
 * Classes loaded inside a transformation are still retransformed: Byte Buddy's circularity lock
 * lets them load unmodified.
 */
final class LoadTimeTransformedClasses implements RedefinitionStrategy.DiscoveryStrategy {
    private final Set<LoadedName> transformedOnLoad = ConcurrentHashMap.newKeySet();
    private volatile boolean recording = true;

    /** Notes a class that the transformer rewrote as it was being defined by {@code loader}. */
    void transformedOnLoad(ClassLoader loader, String name) {
        if (recording) {
            transformedOnLoad.add(new LoadedName(loader, name));
        }
    }

    /** Ends the installation: classes loaded from now on are no longer noted. */
    void stopRecording() {
        recording = false;
        transformedOnLoad.clear();
    }

    @Override
    public Iterable<Iterable<Class<?>>> resolve(Instrumentation instrumentation) {
        Iterable<Iterable<Class<?>>> passes = RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE.resolve(instrumentation);
        return () -> new Iterator<>() {
            // Byte Buddy computes each pass only when asked, after the previous one was retransformed.
            private final Iterator<Iterable<Class<?>>> remaining = passes.iterator();

            @Override
            public boolean hasNext() {
                return remaining.hasNext();
            }

            @Override
            public Iterable<Class<?>> next() {
                return notTransformedOnLoad(remaining.next());
            }
        };
    }

    private List<Class<?>> notTransformedOnLoad(Iterable<Class<?>> pass) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type : pass) {
            if (!transformedOnLoad.contains(new LoadedName(type.getClassLoader(), type.getName()))) {
                classes.add(type);
            }
        }
        return classes;
    }

    /**
     * A class as its defining loader and name. Not a record: its equals and hashCode would be
     * bootstrapped through invokedynamic on first use, inside a transformation.
     */
    private static final class LoadedName {
        private final ClassLoader loader;
        private final String name;

        LoadedName(ClassLoader loader, String name) {
            this.loader = loader;
            this.name = name;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LoadedName that && loader == that.loader && name.equals(that.name);
        }

        @Override
        public int hashCode() {
            return 31 * System.identityHashCode(loader) + name.hashCode();
        }
    }
}
