package org.jtracemalloc.agent.instrument;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes that the installed transformer already rewrote while they were being loaded during
 * the installation, which the retransformation of loaded classes skips. The installation itself
 * loads hundreds of classes after the transformer is registered; retransforming them again would
 * only redo the same rewriting. Classes loaded inside a transformation are still retransformed:
 * the transformer lets them load unmodified.
 */
final class LoadTimeTransformedClasses {
    private final Set<LoadedName> transformedOnLoad = ConcurrentHashMap.newKeySet();
    private volatile boolean recording = true;

    /** Notes a class that the transformer rewrote as it was being defined by {@code loader}. */
    void transformedOnLoad(ClassLoader loader, String name) {
        if (recording) {
            transformedOnLoad.add(new LoadedName(loader, name));
        }
    }

    /** Whether a loaded class was noted while it loaded. */
    boolean contains(Class<?> type) {
        return transformedOnLoad.contains(new LoadedName(type.getClassLoader(), type.getName()));
    }

    /** Ends the installation: classes loaded from now on are no longer noted. */
    void stopRecording() {
        recording = false;
        transformedOnLoad.clear();
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
