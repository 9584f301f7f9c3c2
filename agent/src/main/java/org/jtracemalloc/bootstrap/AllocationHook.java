package org.jtracemalloc.bootstrap;

import java.util.function.Consumer;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The one class of jtracemalloc that lives in the bootstrap class loader: every rewritten
 * allocation site, in JDK classes as in application classes, calls its static methods.
 *
 * <p>Why the boot loader: an instrumented {@code java.util.HashMap} is defined by the boot loader
 * and can only link against boot-visible classes. The agent injects this class there before
 * anything can load it through the system loader; afterwards the system loader's parent-first
 * delegation resolves every reference to this boot copy, so there is exactly one.
 *
 * <p>Why it depends on nothing but the JDK: the boot loader cannot see the agent jar. The sinks
 * are JDK functional interfaces, implemented by the trace store (system loader) and installed
 * reflectively by the agent. While tracing is stopped a sink is null and a site costs one
 * volatile read and a branch.
 */
public final class AllocationHook {
    private static volatile ObjIntConsumer<Object> heapSink;
    /**
     * Sampling mode: per thread, the bytes left before its next sample point ({@code long[1]},
     * the store's sampler's own countdown), or no entry; null when every allocation goes to the sink.
     */
    private static volatile ThreadLocal<long[]> samplingCountdowns;
    /** The JVM's object sizes, set before {@link #samplingCountdowns}. */
    private static volatile ToLongFunction<Object> objectSizes;
    /** Receives (address, size) of native memory; the result is unused (no JDK type fits better). */
    private static volatile LongBinaryOperator nativeAllocationSink;
    private static volatile LongConsumer nativeFreeSink;
    /** Rewrites the class file of a hidden class before the JVM defines it; never throws. */
    private static volatile UnaryOperator<byte[]> hiddenClassSink;
    /** Told which socket an RMI connection thread is about to serve; never throws. */
    private static volatile Consumer<Object> connectionSink;

    private AllocationHook() {}

    /** Installs (or with null, removes) the receiver of heap allocations. Called by the agent. */
    public static void connectHeapSink(ObjIntConsumer<Object> sink) {
        heapSink = sink;
    }

    /** Installs (or with null, removes) the countdowns of sampling mode, and the sizes they count. */
    public static void connectSamplingCountdowns(ThreadLocal<long[]> countdowns, ToLongFunction<Object> sizes) {
        objectSizes = sizes;
        samplingCountdowns = countdowns;
    }

    /** Installs (or with nulls, removes) the receivers of native memory allocations and frees. */
    public static void connectNativeSinks(LongBinaryOperator allocations, LongConsumer frees) {
        nativeAllocationSink = allocations;
        nativeFreeSink = frees;
    }

    /** Installs (or with null, removes) the rewriting of hidden classes' class files. */
    public static void connectHiddenClassSink(UnaryOperator<byte[]> sink) {
        hiddenClassSink = sink;
    }

    /** Installs (or with null, removes) the receiver of the sockets RMI's connection threads serve. */
    public static void connectConnectionSink(Consumer<Object> sink) {
        connectionSink = sink;
    }

    /**
     * RMI's connection handler (rewritten) is about to serve {@code socket} on this thread: the
     * agent stops tracing the thread when the socket is its command line tool's.
     */
    public static void servingConnection(Object socket) {
        Consumer<Object> sink = connectionSink;
        if (sink != null) {
            try {
                sink.accept(socket);
            } catch (Throwable ignored) {
                // The connection is served either way; at worst the tool's work is traced.
            }
        }
    }

    /**
     * The class file a hidden class is about to be defined from: hidden classes never reach a
     * {@code ClassFileTransformer}, so the JDK's one place that defines them (the rewritten
     * {@code MethodHandles.Lookup.ClassDefiner}) hands their bytes here first.
     */
    public static byte[] hiddenClassBytes(byte[] classFile) {
        UnaryOperator<byte[]> sink = hiddenClassSink;
        return sink == null ? classFile : sink.apply(classFile);
    }

    /** An object or a one-dimensional array was allocated at site {@code siteId}. */
    public static void allocated(Object object, int siteId) {
        ObjIntConsumer<Object> sink = heapSink;
        if (sink != null) {
            deliver(sink, object, siteId);
        }
    }

    /**
     * Sampling mode: takes the object's size off the calling thread's countdown when that does not
     * reach its next sample point, and then the store need not see the object: a thread-local
     * lookup, the size (a C2 intrinsic), a subtraction and a branch, instead of the store's
     * thread state, re-entrance flag and generation. It runs in {@link #deliver}, out of line:
     * compiled into every allocation site it made the rewritten methods bigger for C2, and H2 and
     * javac slower (docs/performance-log.md, "The sampling countdown in the hook").
     */
    private static boolean countedDown(Object object) {
        ThreadLocal<long[]> countdowns = samplingCountdowns;
        if (countdowns == null) {
            return false;
        }
        long[] countdown = countdowns.get();
        if (countdown == null) {
            return false;
        }
        long left = countdown[0] - objectSizes.applyAsLong(object);
        if (left < 0) {
            return false;
        }
        countdown[0] = left;
        return true;
    }

    /**
     * A {@code MULTIANEWARRAY} completed at site {@code siteId}. The VM allocated the outer array
     * and every sub-array of the specified dimensions; each of them is its own allocation.
     * Unspecified trailing dimensions are null and skipped.
     */
    public static void allocatedMultiArray(Object array, int siteId) {
        ObjIntConsumer<Object> sink = heapSink;
        if (sink != null) {
            deliverTree(sink, array, siteId);
        }
    }

    /** {@code Unsafe.allocateMemory}/{@code reallocateMemory} returned {@code address} (0: nothing was allocated). */
    public static void nativeAllocated(long address, long size) {
        LongBinaryOperator sink = nativeAllocationSink;
        if (sink != null && address != 0) {
            try {
                sink.applyAsLong(address, size);
            } catch (Throwable ignored) {
                // Best effort, as for heap allocations: never throw into Unsafe's caller.
            }
        }
    }

    /**
     * {@code Unsafe.freeMemory}/{@code reallocateMemory} is about to release {@code address}.
     * Before, not after: once freed, another thread may be handed the same address and trace it.
     */
    public static void nativeFreed(long address) {
        LongConsumer sink = nativeFreeSink;
        if (sink != null && address != 0) {
            try {
                sink.accept(address);
            } catch (Throwable ignored) {
                // Best effort, as for heap allocations: never throw into Unsafe's caller.
            }
        }
    }

    private static void deliverTree(ObjIntConsumer<Object> sink, Object array, int siteId) {
        deliver(sink, array, siteId);
        // A freshly allocated array holds only the sub-arrays the VM created for it, or nulls.
        if (array instanceof Object[] elements) {
            for (Object element : elements) {
                if (element != null) {
                    deliverTree(sink, element, siteId);
                }
            }
        }
    }

    private static void deliver(ObjIntConsumer<Object> sink, Object object, int siteId) {
        try {
            if (!countedDown(object)) {
                sink.accept(object, siteId);
            }
        } catch (Throwable ignored) {
            // Recording is best effort: an allocation site must never throw what the original
            // code did not, so a failure (even OutOfMemoryError in the store) loses one trace.
        }
    }

    /**
     * {@code Unsafe.allocateInstance} returned {@code object} at site {@code siteId} (method-handle
     * constructors, reflection on JDK 18+). A lambda proxy is left out: the JDK creates it this
     * way, but its {@code invokedynamic} call site reports it, at the application's line.
     */
    public static void allocatedInstance(Object object, int siteId) {
        ObjIntConsumer<Object> sink = heapSink;
        if (sink != null && !isLambdaProxy(object.getClass())) {
            deliver(sink, object, siteId);
        }
    }

    /** LambdaMetafactory's hidden classes: {@code Outer$$Lambda$14/0x…} (JDK 17), {@code Outer$$Lambda/0x…} (JDK 21+). */
    private static boolean isLambdaProxy(Class<?> type) {
        return type.isHidden() && type.getName().contains("$$Lambda");
    }

    /**
     * {@code Throwable.fillInStackTrace} returned: the VM has just allocated the throwable's
     * backtrace, a chain of arrays ({@code Object[]} chunks holding {@code short[]}, {@code int[]},
     * {@code long[]} and mirror arrays), in native code. Each array of the chain is reported; the
     * {@code Class} mirrors and other objects it refers to already existed.
     */
    public static void allocatedBacktrace(Object backtrace, int siteId) {
        ObjIntConsumer<Object> sink = heapSink;
        if (sink != null && backtrace != null) {
            deliverArrays(sink, backtrace, siteId);
        }
    }

    private static void deliverArrays(ObjIntConsumer<Object> sink, Object array, int siteId) {
        deliver(sink, array, siteId);
        if (array instanceof Object[] elements) {
            for (Object element : elements) {
                if (element != null && element.getClass().isArray()) {
                    deliverArrays(sink, element, siteId);
                }
            }
        }
    }
}
