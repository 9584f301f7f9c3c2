package org.jtracemalloc.format;

import static org.jtracemalloc.format.SnapshotFormat.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
    /** Frames are interned on all four fields, whatever {@link Frame#equals} considers. */
    private record FrameKey(String filename, int lineno, String className, String methodName) {
        FrameKey(Frame frame) {
            this(frame.filename(), frame.lineno(), frame.className(), frame.methodName());
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
    // The store hands out shared Traceback instances: the identity map answers almost every
    // lookup without hashing the frames; the equality map merges equal copies.
    private final Map<Traceback, Integer> tracebackByIdentity = new IdentityHashMap<>();
    private final Map<TracebackKey, Integer> tracebackByValue = new HashMap<>();
    private final List<Traceback> tracebacks = new ArrayList<>();

    /** Writes the whole file to {@code out}. */
    static void encode(Snapshot snapshot, WritableByteChannel out) throws IOException {
        new SnapshotEncoder().encodeSnapshot(snapshot, out);
    }

    private void encodeSnapshot(Snapshot snapshot, WritableByteChannel out) throws IOException {
        List<Trace> traces = snapshot.traces();
        int[] tracebackOfTrace = new int[traces.size()];
        for (int i = 0; i < tracebackOfTrace.length; i++) {
            tracebackOfTrace[i] = internTraceback(traces.get(i).traceback());
        }

        // The trace section dwarfs the rest: it is written from its own buffer, not copied
        // into the head.
        ByteSink head = new ByteSink(4096);
        head.writeBytes(MAGIC);
        head.writeVarInt(VERSION);

        ByteSink section = new ByteSink(256);
        section.writeSignedVarInt(snapshot.tracebackLimit());
        // Optional fields: absent means 0, so files without them are byte for byte what they were
        // before the fields existed; a field is written when it or a later one is not 0.
        if (snapshot.samplingInterval() != 0 || snapshot.droppedTraces() != 0) {
            section.writeVarLong(snapshot.samplingInterval());
        }
        if (snapshot.droppedTraces() != 0) {
            section.writeVarLong(snapshot.droppedTraces());
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

        ByteSink traceSection = new ByteSink(16 + traces.size() * 4);
        writeTraces(traceSection, traces, tracebackOfTrace);
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
        Integer index = tracebackByIdentity.get(traceback);
        if (index == null) {
            index = tracebackByValue.get(new TracebackKey(traceback));
            if (index == null) {
                index = tracebacks.size();
                tracebacks.add(traceback);
                tracebackByValue.put(new TracebackKey(traceback), index);
                for (Frame frame : traceback) {
                    internFrame(frame);
                }
            }
            tracebackByIdentity.put(traceback, index);
        }
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

    private void writeTraces(ByteSink out, List<Trace> traces, int[] tracebackOfTrace) {
        out.writeVarInt(traces.size());
        long[] lastSizeOfTraceback = new long[tracebacks.size()];
        int previousDomain = 0;
        int previousTraceback = 0;
        int i = 0;
        while (i < traces.size()) {
            Trace trace = traces.get(i);
            int tb = tracebackOfTrace[i];
            int domain = trace.domain();
            long size = trace.size();
            long count = trace.count();
            int run = 1;
            while (i + run < traces.size()
                    && tracebackOfTrace[i + run] == tb
                    && traces.get(i + run).domain() == domain
                    && traces.get(i + run).size() == size
                    && traces.get(i + run).count() == count) {
                run++;
            }
            int flags = (domain != previousDomain ? TRACE_DOMAIN : 0)
                    | (size != lastSizeOfTraceback[tb] ? TRACE_SIZE : 0)
                    | (tb != previousTraceback ? TRACE_TRACEBACK : 0)
                    | (run > 1 ? TRACE_RUN : 0)
                    | (count != 1 ? TRACE_COUNT : 0);
            out.writeByte(flags);
            if ((flags & TRACE_DOMAIN) != 0) {
                out.writeSignedVarInt(domain);
            }
            if ((flags & TRACE_TRACEBACK) != 0) {
                out.writeVarInt(tb);
            }
            if ((flags & TRACE_SIZE) != 0) {
                out.writeVarLong(size);
            }
            if ((flags & TRACE_RUN) != 0) {
                out.writeVarInt(run - 1);
            }
            if ((flags & TRACE_COUNT) != 0) {
                out.writeVarLong(count);
            }
            previousDomain = domain;
            previousTraceback = tb;
            lastSizeOfTraceback[tb] = size;
            i += run;
        }
    }
}
