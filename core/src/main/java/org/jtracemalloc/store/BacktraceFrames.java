package org.jtracemalloc.store;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * What the frames of one class in a {@link ThrowableBacktrace} stand for: per (method id, bytecode
 * index and version), the frame's location, resolved once through a {@link StackTraceElement} and
 * then found with a hash probe; and whether {@link StackCapture} skips the class's frames. One per
 * class ({@link #of}, a {@link ClassValue}, so it goes away with the class).
 *
 * <p>Read without locks: the table is replaced whole (copy on write) under this object's monitor,
 * which only a frame seen for the first time takes.
 */
final class BacktraceFrames {
    /** Classes whose frames lead to the allocating method (or the caller of track) and are dropped. */
    static final Set<String> MACHINERY = Set.of(
            "org.jtracemalloc.bootstrap.AllocationHook",
            "org.jtracemalloc.Tracemalloc",
            HeapRecorder.class.getName(),
            Generation.class.getName(),
            TraceStore.class.getName(),
            StackCapture.class.getName(),
            ThrowableBacktrace.class.getName(),
            "org.jtracemalloc.privileged.ThrowableBacktraceReader",
            // The agent's native domain: its sink calls Tracemalloc.track from inside Unsafe's
            // memory primitives; the block belongs to the code that called Unsafe.
            "org.jtracemalloc.agent.NativeMemorySink",
            "jdk.internal.misc.Unsafe",
            "sun.misc.Unsafe");

    private static final ClassValue<BacktraceFrames> BY_CLASS = new ClassValue<>() {
        @Override
        protected BacktraceFrames computeValue(Class<?> type) {
            return new BacktraceFrames(type);
        }
    };

    /** A frame's location, and its frame id in the last table that asked (one table per generation). */
    static final class Location {
        private record Interned(TracebackTable table, int frameId) {}

        private final String className;
        private final String methodName;
        private final String sourceFile;
        private final int line;
        private volatile Interned interned;

        Location(StackTraceElement element) {
            this.className = element.getClassName();
            this.methodName = element.getMethodName();
            this.sourceFile = element.getFileName();
            this.line = element.getLineNumber();
        }

        int frameId(TracebackTable table) {
            Interned known = interned;
            if (known != null && known.table == table) {
                return known.frameId;
            }
            int id = table.frameId(className, methodName, sourceFile, line);
            interned = new Interned(table, id);
            return id;
        }
    }

    private record Table(long[] keys, Location[] locations, int size) {}

    /** A machinery class: dropped while it leads the backtrace. */
    final boolean machinery;
    /** A reflection class, dropped anywhere, as {@link StackWalker} drops it without {@code SHOW_REFLECT_FRAMES}. */
    final boolean reflection;
    private volatile Table table = new Table(new long[8], new Location[8], 0);

    private BacktraceFrames(Class<?> type) {
        this.machinery = MACHINERY.contains(type.getName());
        this.reflection = isReflection(type);
    }

    static BacktraceFrames of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /** The location of the frame at {@code bciAndVersion} of method {@code methodId}, or null when not seen yet. */
    Location location(short methodId, int bciAndVersion) {
        Table t = table;
        long key = key(methodId, bciAndVersion);
        int mask = t.keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            Location found = t.locations[i];
            if (found == null || t.keys[i] == key) {
                return found;
            }
        }
    }

    /** Records what a frame not seen yet stands for and returns its location. */
    synchronized Location add(short methodId, int bciAndVersion, StackTraceElement element) {
        Location known = location(methodId, bciAndVersion);
        if (known != null) {
            return known;
        }
        Location location = new Location(element);
        Table t = table;
        int capacity = (t.size + 1) * 2 > t.keys.length ? t.keys.length * 2 : t.keys.length;
        long[] keys = new long[capacity];
        Location[] locations = new Location[capacity];
        for (int i = 0; i < t.keys.length; i++) {
            if (t.locations[i] != null) {
                insert(keys, locations, t.keys[i], t.locations[i]);
            }
        }
        insert(keys, locations, key(methodId, bciAndVersion), location);
        table = new Table(keys, locations, t.size + 1);
        return location;
    }

    private static void insert(long[] keys, Location[] locations, long key, Location location) {
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (locations[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        locations[i] = location;
    }

    private static long key(short methodId, int bciAndVersion) {
        return (long) methodId << 32 | Integer.toUnsignedLong(bciAndVersion);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /**
     * The classes {@code StackWalker} leaves out unless asked to show reflection frames:
     * {@code Method}, {@code Constructor}, their accessors and lambda forms.
     */
    private static boolean isReflection(Class<?> type) {
        return type == Method.class || type == Constructor.class
                || type.getName().startsWith("java.lang.invoke.LambdaForm")
                || implementsAccessor(type);
    }

    private static boolean implementsAccessor(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                String name = i.getName();
                if (name.equals("jdk.internal.reflect.MethodAccessor") || name.equals("jdk.internal.reflect.ConstructorAccessor")
                        || implementsAccessor(i)) {
                    return true;
                }
            }
        }
        return false;
    }
}
