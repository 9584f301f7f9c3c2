package org.jtracemalloc.store;

import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Tracebacks deeper than one frame: one {@link StackWalker} walk, cut to the traceback limit, each
 * frame interned. One instance per thread, reused, so that a walk allocates only what the walker
 * itself does.
 *
 * <p>The walk starts inside jtracemalloc: the leading frames of the recording machinery are
 * dropped, matched by exact class name (user code may live in {@code org.jtracemalloc.*} packages,
 * so no prefix match). For a heap allocation the next frame is the allocating method itself; it
 * is replaced by the site's frame, which has the exact line of the allocation instruction (so a
 * depth-n traceback starts with the depth-1 one). Cost: about 1 µs plus 0.4-0.6 µs per frame kept;
 * frames beyond the limit are never materialised. Interning frames by bytecode position instead,
 * to skip the {@link StackTraceElement} behind the line number, measured no faster here: telling
 * overloads apart needs {@code getDescriptor()}, which costs about as much.
 *
 * <p>{@code totalNframe} is left null: knowing the real depth would mean walking the whole stack
 * on every allocation, which costs as much again as the traceback itself.
 */
final class StackCapture implements Function<Stream<StackFrame>, Void> {
    /** The frames between the allocating method (or the caller of track) and the walk. */
    private static final Set<String> MACHINERY = Set.of(
            "org.jtracemalloc.bootstrap.AllocationHook",
            "org.jtracemalloc.Tracemalloc",
            HeapRecorder.class.getName(),
            Generation.class.getName(),
            TraceStore.class.getName(),
            StackCapture.class.getName(),
            // The agent's native domain: its sink calls Tracemalloc.track from inside Unsafe's
            // memory primitives; the block belongs to the code that called Unsafe.
            "org.jtracemalloc.agent.NativeMemorySink",
            "jdk.internal.misc.Unsafe",
            "sun.misc.Unsafe");
    private static final StackWalker WALKER = StackWalker.getInstance();

    private int[] frameIds = new int[16];
    private int count;
    private int limit;
    private boolean replaceAllocatingFrame;
    private TracebackTable table;

    /** The traceback of a heap allocation at {@code siteId}, up to {@code limit} frames. */
    int allocationTraceback(TracebackTable table, int siteId, int limit) {
        frameIds(limit)[0] = table.siteFrameId(siteId);
        count = 1;
        return walk(table, limit, true);
    }

    /** The traceback of the caller of {@code Tracemalloc.track}, up to {@code limit} frames. */
    int callerTraceback(TracebackTable table, int limit) {
        frameIds(limit);
        count = 0;
        return walk(table, limit, false);
    }

    private int[] frameIds(int limit) {
        if (frameIds.length < limit) {
            frameIds = new int[limit];
        }
        return frameIds;
    }

    private int walk(TracebackTable table, int limit, boolean replaceAllocatingFrame) {
        this.table = table;
        this.limit = limit;
        this.replaceAllocatingFrame = replaceAllocatingFrame;
        try {
            if (count < limit) {
                WALKER.walk(this);
            }
            if (count == 0) {
                frameIds[count++] = table.frameId(null, null, null, 0); // no Java frame: CPython's <unknown>:0
            }
            return table.tracebackId(frameIds, count);
        } finally {
            this.table = null;
        }
    }

    @Override
    public Void apply(Stream<StackFrame> frames) {
        Iterator<StackFrame> it = frames.iterator();
        boolean inMachinery = true;
        boolean skipAllocatingFrame = replaceAllocatingFrame;
        while (count < limit && it.hasNext()) {
            StackFrame frame = it.next();
            if (inMachinery && MACHINERY.contains(frame.getClassName())) {
                continue;
            }
            inMachinery = false;
            if (skipAllocatingFrame) {
                skipAllocatingFrame = false;
                continue;
            }
            StackTraceElement e = frame.toStackTraceElement();
            frameIds[count++] = table.frameId(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
        }
        return null;
    }
}
