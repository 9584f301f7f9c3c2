package org.jtracemalloc.store;

import java.lang.StackWalker.StackFrame;
import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Tracebacks deeper than one frame, cut to the traceback limit, each frame interned. One instance
 * per thread, reused.
 *
 * <p>The capture starts inside jtracemalloc: the leading frames of the recording machinery
 * ({@link BacktraceFrames#MACHINERY}) are dropped, matched by exact class name (user code may live
 * in {@code org.jtracemalloc.*} packages, so no prefix match). For a heap allocation the next frame
 * is the allocating method itself; it is replaced by the site's frame, which has the exact line of
 * the allocation instruction (so a depth-n traceback starts with the depth-1 one). A site in a
 * hidden class's method (a lambda proxy) has no frame of its own in the walk: its frame goes in
 * front of the walked ones.
 *
 * <p>Two ways, the same frames:
 * <ul>
 * <li>When {@link ThrowableBacktrace} is enabled: a throwable the VM fills
 *     ({@link ThrowableBacktrace#capture}), whose backtrace names each frame by class, method id
 *     and bytecode index; each such frame is resolved to its location once
 *     ({@link BacktraceFrames}) and found with a hash probe afterwards. About 20 ns a frame of
 *     the whole stack (the VM fills all of it), instead of about 300 ns a kept frame.
 *     Reflection frames are dropped, as {@link StackWalker} drops them.
 * <li>Otherwise: one {@link StackWalker} walk; frames beyond the limit are never materialised,
 *     but each kept one costs its {@link StackTraceElement}. Interning walker frames by bytecode
 *     position instead measured no faster: telling overloads apart needs {@code getDescriptor()},
 *     which costs about as much.
 * </ul>
 *
 * <p>{@code totalNframe} is left null: knowing the real depth would mean materialising the whole
 * stack on every allocation.
 */
final class StackCapture implements Function<Stream<StackFrame>, Void> {
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
        return capture(table, limit, !AllocationSites.inHiddenFrame(siteId));
    }

    /** The traceback of the caller of {@code Tracemalloc.track}, up to {@code limit} frames. */
    int callerTraceback(TracebackTable table, int limit) {
        frameIds(limit);
        count = 0;
        return capture(table, limit, false);
    }

    private int[] frameIds(int limit) {
        if (frameIds.length < limit) {
            frameIds = new int[limit];
        }
        return frameIds;
    }

    private int capture(TracebackTable table, int limit, boolean replaceAllocatingFrame) {
        this.table = table;
        this.limit = limit;
        this.replaceAllocatingFrame = replaceAllocatingFrame;
        try {
            if (count < limit) {
                Throwable here = ThrowableBacktrace.enabled() ? ThrowableBacktrace.capture() : null;
                Object[] backtrace = here == null ? null : ThrowableBacktrace.firstChunk(here);
                if (backtrace != null) {
                    addBacktraceFrames(here, backtrace);
                } else {
                    WALKER.walk(this);
                }
            }
            if (count == 0) {
                frameIds[count++] = table.frameId(null, null, null, 0); // no Java frame: CPython's <unknown>:0
            }
            return table.tracebackId(frameIds, count);
        } finally {
            this.table = null;
        }
    }

    private void addBacktraceFrames(Throwable here, Object[] firstChunk) {
        boolean inMachinery = true;
        boolean skipAllocatingFrame = replaceAllocatingFrame;
        StackTraceElement[] elements = null; // built only when a frame is met for the first time
        int index = 0; // the frame's position in the whole backtrace, as in getStackTrace()
        for (Object[] chunk = firstChunk; chunk != null; chunk = ThrowableBacktrace.next(chunk)) {
            short[] methodIds = (short[]) chunk[ThrowableBacktrace.METHOD_IDS];
            int[] bcis = (int[]) chunk[ThrowableBacktrace.BCIS];
            Object[] classes = (Object[]) chunk[ThrowableBacktrace.CLASSES];
            for (int i = 0; i < classes.length; i++, index++) {
                if (count == limit || classes[i] == null) {
                    return;
                }
                BacktraceFrames frames = BacktraceFrames.of((Class<?>) classes[i]);
                if (inMachinery && frames.machinery) {
                    continue;
                }
                inMachinery = false;
                if (frames.reflection) {
                    continue;
                }
                if (skipAllocatingFrame) {
                    skipAllocatingFrame = false;
                    continue;
                }
                BacktraceFrames.Location location = frames.location(methodIds[i], bcis[i]);
                if (location == null) {
                    if (elements == null) {
                        elements = here.getStackTrace();
                    }
                    location = frames.add(methodIds[i], bcis[i], elements[index]);
                }
                frameIds[count++] = location.frameId(table);
            }
        }
    }

    @Override
    public Void apply(Stream<StackFrame> frames) {
        Iterator<StackFrame> it = frames.iterator();
        boolean inMachinery = true;
        boolean skipAllocatingFrame = replaceAllocatingFrame;
        while (count < limit && it.hasNext()) {
            StackFrame frame = it.next();
            if (inMachinery && BacktraceFrames.MACHINERY.contains(frame.getClassName())) {
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
