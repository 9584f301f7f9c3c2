package org.jtracemalloc.format;

import static org.jtracemalloc.format.SnapshotFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;

/** Turns a {@link Snapshot} into the bytes of a snapshot file (one use per instance). */
final class SnapshotEncoder {
    /** The longest trace record: flags, domain (5 bytes), traceback (5), size (10), run (5), count (10). */
    private static final int MAX_RECORD_BYTES = 1 + 5 + 5 + 10 + 5 + 10;

    /**
     * Frames are interned on all four fields, whatever {@link Frame#equals} considers. Its equals
     * and hashCode are written out: a record's generated ones bootstrap through {@code
     * ObjectMethods} at the first call, which spins dozens of method-handle classes, instrumented
     * ones too in a traced JVM (about 150 ms on the first dump of a JVM under the agent).
     */
    private record FrameKey(String filename, int lineno, String className, String methodName) {
        FrameKey(Frame frame) {
            this(frame.filename(), frame.lineno(), frame.className(), frame.methodName());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof FrameKey k && lineno == k.lineno && filename.equals(k.filename)
                    && Objects.equals(className, k.className) && Objects.equals(methodName, k.methodName);
        }

        @Override
        public int hashCode() {
            int hash = filename.hashCode();
            hash = hash * 31 + lineno;
            hash = hash * 31 + Objects.hashCode(className);
            return hash * 31 + Objects.hashCode(methodName);
        }
    }

    /** Traceback equality ignores totalNframe, but the file must keep it. */
    private record TracebackKey(Traceback traceback) {
        @Override
        public boolean equals(Object other) {
            return other instanceof TracebackKey k
                    && traceback.equals(k.traceback)
                    && Objects.equals(traceback.totalNframe(), k.traceback.totalNframe());
        }

        @Override
        public int hashCode() {
            return traceback.hashCode() * 31 + Objects.hashCode(traceback.totalNframe());
        }
    }

    private final Map<String, Integer> stringIndex = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    private final Map<FrameKey, Integer> frameIndex = new HashMap<>();
    private final List<FrameKey> frames = new ArrayList<>();
    // The store hands out shared Traceback instances: the instance index answers almost every
    // lookup without comparing frames; the equality map merges equal copies.
    private final TracebackInstanceIndex tracebackByInstance = new TracebackInstanceIndex();
    private final Map<TracebackKey, Integer> tracebackByValue = new HashMap<>();
    private final List<Traceback> tracebacks = new ArrayList<>();

    /** Writes the whole file to {@code out}. */
    static void encode(Snapshot snapshot, WritableByteChannel out) throws IOException {
        new SnapshotEncoder().encodeSnapshot(snapshot, out);
    }

    private void encodeSnapshot(Snapshot snapshot, WritableByteChannel out) throws IOException {
        // The trace section comes first: writing it interns the tracebacks, frames and strings
        // that the tables before it in the file list, in one pass over the traces. It dwarfs the
        // rest, so it is written from its own buffer, not copied into the head.
        List<Trace> traces = snapshot.traces();
        ByteSink traceSection = new ByteSink(16 + traces.size() * 4);
        writeTraces(traceSection, traces);

        ByteSink head = new ByteSink(4096);
        head.writeBytes(MAGIC);
        head.writeVarInt(VERSION);

        ByteSink section = new ByteSink(256);
        section.writeSignedVarInt(snapshot.tracebackLimit());
        // Optional fields: absent means 0, so files without them are byte for byte what they were
        // before the fields existed; a field is written when it or a later one is not 0.
        boolean settled = snapshot.settled();
        long kind = snapshot.isAllocationSnapshot() ? TRACES_ALLOCATION_TOTALS : TRACES_LIVE;
        if (snapshot.samplingInterval() != 0 || snapshot.droppedTraces() != 0 || settled || kind != TRACES_LIVE) {
            section.writeVarLong(snapshot.samplingInterval());
        }
        if (snapshot.droppedTraces() != 0 || settled || kind != TRACES_LIVE) {
            section.writeVarLong(snapshot.droppedTraces());
        }
        if (settled || kind != TRACES_LIVE) {
            section.writeVarInt(settled ? 1 : 0);
        }
        if (kind != TRACES_LIVE) {
            section.writeVarLong(kind);
        }
        writeSection(head, SECTION_HEADER, section);

        section = new ByteSink(256);
        writeStrings(section);
        writeSection(head, SECTION_STRINGS, section);

        section = new ByteSink(256);
        writeFrames(section);
        writeSection(head, SECTION_FRAMES, section);

        section = new ByteSink(256);
        writeTracebacks(section);
        writeSection(head, SECTION_TRACEBACKS, section);

        head.writeVarInt(SECTION_TRACES);
        head.writeVarInt(traceSection.length());

        ByteSink end = new ByteSink(16);
        end.writeVarInt(SECTION_END);
        end.writeVarInt(END_LENGTH);
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, head.length());
        crc.update(traceSection.array(), 0, traceSection.length());
        crc.update(end.array(), 0, end.length());
        end.writeIntBigEndian((int) crc.getValue());

        for (ByteSink part : new ByteSink[] {head, traceSection, end}) {
            ByteBuffer buffer = ByteBuffer.wrap(part.array(), 0, part.length());
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    private static void writeSection(ByteSink out, int tag, ByteSink payload) {
        out.writeVarInt(tag);
        out.writeVarInt(payload.length());
        out.writeBytes(payload);
    }

    private int internTraceback(Traceback traceback) {
        int known = tracebackByInstance.get(traceback);
        if (known >= 0) {
            return known;
        }
        Integer index = tracebackByValue.get(new TracebackKey(traceback));
        if (index == null) {
            index = tracebacks.size();
            tracebacks.add(traceback);
            tracebackByValue.put(new TracebackKey(traceback), index);
            for (Frame frame : traceback) {
                internFrame(frame);
            }
        }
        tracebackByInstance.put(traceback, index);
        return index;
    }

    private int internFrame(Frame frame) {
        FrameKey key = new FrameKey(frame);
        Integer index = frameIndex.get(key);
        if (index == null) {
            index = frames.size();
            frames.add(key);
            frameIndex.put(key, index);
            internString(key.filename());
            if (key.className() != null) {
                internString(key.className());
            }
            if (key.methodName() != null) {
                internString(key.methodName());
            }
        }
        return index;
    }

    private void internString(String s) {
        if (!stringIndex.containsKey(s)) {
            stringIndex.put(s, strings.size());
            strings.add(s);
        }
    }

    private void writeStrings(ByteSink out) {
        out.writeVarInt(strings.size());
        for (String s : strings) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeVarInt(utf8.length);
            out.writeBytes(utf8);
        }
    }

    private void writeFrames(ByteSink out) {
        out.writeVarInt(frames.size());
        for (FrameKey frame : frames) {
            out.writeVarInt(stringIndex.get(frame.filename()));
            out.writeSignedVarInt(frame.lineno());
            out.writeVarInt(optionalString(frame.className()));
            out.writeVarInt(optionalString(frame.methodName()));
        }
    }

    /** 0 for null, else 1 + the string's index. */
    private int optionalString(String s) {
        return s == null ? 0 : stringIndex.get(s) + 1;
    }

    private void writeTracebacks(ByteSink out) {
        out.writeVarInt(tracebacks.size());
        for (Traceback traceback : tracebacks) {
            Integer total = traceback.totalNframe();
            out.writeVarLong(total == null ? 0 : 1 + ByteSink.zigzag(total));
            out.writeVarInt(traceback.size());
            for (Frame frame : traceback) { // oldest first, as the List view gives them
                out.writeVarInt(frameIndex.get(new FrameKey(frame)));
            }
        }
    }

    /**
     * The trace section's payload. Tracebacks are interned here, in trace order, so they are
     * numbered in order of first use. Each record is written straight into the sink's array
     * (room for the longest record is made first), which keeps the position in a register rather
     * than in the sink, since this loop runs once per trace or run.
     */
    private void writeTraces(ByteSink out, List<Trace> traces) {
        int n = traces.size();
        out.writeVarInt(n);
        long[] lastSizeOfTraceback = new long[64];
        int previousDomain = 0;
        int previousTraceback = 0;
        int i = 0;
        int tb = n == 0 ? 0 : internTraceback(traces.get(0).traceback());
        while (i < n) {
            Trace trace = traces.get(i);
            int domain = trace.domain();
            long size = trace.size();
            long count = trace.count();
            int run = 1;
            int nextTraceback = 0;
            while (i + run < n) {
                Trace next = traces.get(i + run);
                nextTraceback = internTraceback(next.traceback());
                if (nextTraceback != tb || next.domain() != domain || next.size() != size || next.count() != count) {
                    break;
                }
                run++;
            }
            if (tb >= lastSizeOfTraceback.length) {
                lastSizeOfTraceback = Arrays.copyOf(lastSizeOfTraceback, Math.max(tb + 1, 2 * lastSizeOfTraceback.length));
            }
            // Whether a trace repeats its traceback's size, and whether it changes traceback, are
            // as good as random: those two flags are computed with arithmetic ((x | -x) has its
            // sign bit set exactly when x is not 0), and both fields are written unconditionally
            // (the room is reserved) and then kept or not by a masked add, where a branch would be
            // mispredicted about as often as taken.
            long sizeChange = size ^ lastSizeOfTraceback[tb];
            int tracebackChange = tb ^ previousTraceback;
            int flags = (domain != previousDomain ? TRACE_DOMAIN : 0)
                    | (int) ((sizeChange | -sizeChange) >>> 63) << 1 // TRACE_SIZE
                    | ((tracebackChange | -tracebackChange) >>> 31) << 2 // TRACE_TRACEBACK
                    | (run > 1 ? TRACE_RUN : 0)
                    | (count != 1 ? TRACE_COUNT : 0);
            out.reserve(MAX_RECORD_BYTES);
            byte[] bytes = out.array();
            int at = out.length();
            bytes[at++] = (byte) flags;
            if ((flags & TRACE_DOMAIN) != 0) {
                at = ByteSink.putVarLong(bytes, at, ByteSink.zigzag(domain));
            }
            int end = ByteSink.putVarLong(bytes, at, tb);
            at += (end - at) & -((flags & TRACE_TRACEBACK) >>> 2);
            end = ByteSink.putVarLong(bytes, at, size);
            at += (end - at) & -((flags & TRACE_SIZE) >>> 1);
            if ((flags & TRACE_RUN) != 0) {
                at = ByteSink.putVarLong(bytes, at, run - 1);
            }
            if ((flags & TRACE_COUNT) != 0) {
                at = ByteSink.putVarLong(bytes, at, count);
            }
            out.setLength(at);
            previousDomain = domain;
            previousTraceback = tb;
            lastSizeOfTraceback[tb] = size;
            i += run;
            tb = nextTraceback;
        }
    }
}
