package org.jtracemalloc.format;

import static org.jtracemalloc.format.SnapshotFormat.*;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.jtracemalloc.CorruptSnapshotException;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;

/**
 * Parses the bytes of a snapshot file, validating every count, length and index before it is
 * used, so hostile input costs time and memory proportional to its own size (one use per instance).
 */
final class SnapshotDecoder {
    /** Heap needed per trace slot: our array plus the copy the Snapshot makes, 8-byte references. */
    private static final long HEAP_BYTES_PER_TRACE = 16;

    private final ByteSource in;
    private int tracebackLimit;
    private long samplingInterval;
    private long droppedTraces;
    private boolean settled;
    private boolean allocationTotals;
    private String[] strings;
    private Frame[] frames;
    private Traceback[] tracebacks;
    private List<Trace> traces;

    private SnapshotDecoder(byte[] bytes, String fileName) {
        in = new ByteSource(bytes, fileName);
    }

    static Snapshot decode(byte[] bytes, String fileName) throws CorruptSnapshotException {
        return new SnapshotDecoder(bytes, fileName).decodeFile();
    }

    private Snapshot decodeFile() throws CorruptSnapshotException {
        readMagicAndVersion();
        int expected = SECTION_HEADER; // the required sections come in tag order
        while (true) {
            in.reading(null);
            int sectionStart = in.position();
            if (in.remaining() == 0) {
                throw in.corrupt("truncated (no end section)", sectionStart);
            }
            long tag = in.readVarLong();
            in.reading("the length of the " + sectionName(tag));
            long length = in.readVarLong();
            if (length < 0 || length > in.remaining()) {
                throw in.corrupt("truncated: the " + sectionName(tag) + " declares "
                        + Long.toUnsignedString(length) + " bytes but only " + in.remaining()
                        + " remain", in.position());
            }
            if (tag == SECTION_END) {
                if (expected <= SECTION_TRACES) {
                    throw in.corrupt("the " + sectionName(expected) + " is missing", sectionStart);
                }
                readEnd((int) length);
                try {
                    return new Snapshot(traces, tracebackLimit, samplingInterval, droppedTraces, settled, allocationTotals); // copies the trace array
                } catch (OutOfMemoryError e) {
                    throw in.corrupt("not enough free heap for the " + traces.size() + " traces", sectionStart);
                }
            }
            if (tag > SECTION_TRACES || tag < 0 || (tag & 1) == 0) {
                if ((tag & 1) != 0) {
                    throw in.corrupt("unsupported required section " + Long.toUnsignedString(tag)
                            + " (written by a newer version?)", sectionStart);
                }
                in.skip((int) length); // an optional section this reader does not know
                continue;
            }
            if (tag != expected) {
                throw in.corrupt("the " + sectionName(tag) + " is out of order (expected the "
                        + sectionName(expected) + ")", sectionStart);
            }
            in.enterSection((int) length);
            in.reading("the " + sectionName(tag));
            switch ((int) tag) {
                case SECTION_HEADER -> readHeader();
                case SECTION_STRINGS -> readStrings();
                case SECTION_FRAMES -> readFrames();
                case SECTION_TRACEBACKS -> readTracebacks();
                case SECTION_TRACES -> readTraces();
                default -> throw new AssertionError(tag);
            }
            in.leaveSection(); // bytes after the known fields belong to later format additions
            expected += 2;
        }
    }

    private void readMagicAndVersion() throws CorruptSnapshotException {
        byte[] bytes = in.bytes();
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= bytes.length) {
                throw in.corrupt(bytes.length == 0 ? "empty file" : "truncated", i);
            }
            if (bytes[i] != MAGIC[i]) {
                throw in.corrupt("not a jtracemalloc snapshot file (wrong magic)", i);
            }
        }
        in.skip(MAGIC.length);
        in.reading("the format version");
        int start = in.position();
        long version = in.readVarLong();
        if (version != VERSION) {
            String v = Long.toUnsignedString(version);
            throw in.corrupt(version == 0 ? "invalid format version 0"
                    : "format version " + v + " is newer than this reader supports (" + VERSION + ")",
                    start);
        }
    }

    private void readHeader() throws CorruptSnapshotException {
        tracebackLimit = in.readSignedVarInt("traceback limit");
        // Optional fields, each absent in files from before it and in snapshots where it is 0
        samplingInterval = readOptionalCount("sampling interval");
        droppedTraces = readOptionalCount("dropped trace count");
        int start = in.position();
        long settledFlag = readOptionalCount("settled flag");
        if (settledFlag > 1) {
            throw in.corrupt("settled flag " + settledFlag + " is neither 0 nor 1", start);
        }
        settled = settledFlag == 1;
        int kindStart = in.position();
        long kind = readOptionalCount("trace kind");
        if (kind != TRACES_LIVE && kind != TRACES_ALLOCATION_TOTALS) {
            throw in.corrupt("unknown trace kind " + kind + " (" + TRACES_LIVE + ": live blocks, "
                    + TRACES_ALLOCATION_TOTALS + ": allocation totals)", kindStart);
        }
        allocationTotals = kind == TRACES_ALLOCATION_TOTALS;
    }

    /** A header field added after version 1 first shipped: 0 when the payload ends before it. */
    private long readOptionalCount(String what) throws CorruptSnapshotException {
        if (in.remaining() == 0) {
            return 0;
        }
        int start = in.position();
        long value = in.readVarLong();
        if (value < 0) {
            throw in.corrupt(what + " " + Long.toUnsignedString(value) + " is too large", start);
        }
        return value;
    }

    private void readStrings() throws CorruptSnapshotException {
        int count = in.readCount("string count", 1);
        strings = new String[count];
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < count; i++) {
            in.reading("string", i, count);
            int length = in.readCount("string length", 1);
            int start = in.position();
            ByteBuffer bytes = ByteBuffer.wrap(in.bytes(), start, length);
            CharBuffer chars = CharBuffer.allocate(length); // UTF-8 never has more chars than bytes
            CoderResult result = utf8.reset().decode(bytes, chars, true);
            if (result.isError() || utf8.flush(chars).isError()) {
                throw in.corrupt("invalid UTF-8", bytes.position());
            }
            strings[i] = chars.flip().toString();
            in.skip(length);
        }
    }

    private void readFrames() throws CorruptSnapshotException {
        int count = in.readCount("frame count", 4);
        frames = new Frame[count];
        for (int i = 0; i < count; i++) {
            in.reading("frame", i, count);
            String filename = strings[in.readIndex("filename string", strings.length)];
            int lineno = in.readSignedVarInt("lineno");
            String className = readOptionalString("class name");
            String methodName = readOptionalString("method name");
            frames[i] = new Frame(filename, lineno, className, methodName);
        }
    }

    private String readOptionalString(String what) throws CorruptSnapshotException {
        int reference = in.readIndex(what + " string", strings.length + 1);
        return reference == 0 ? null : strings[reference - 1];
    }

    private void readTracebacks() throws CorruptSnapshotException {
        int count = in.readCount("traceback count", 2);
        tracebacks = new Traceback[count];
        for (int i = 0; i < count; i++) {
            in.reading("traceback", i, count);
            int start = in.position();
            long total = in.readVarLong();
            if (total < 0 || total > 0x1_0000_0000L) {
                throw in.corrupt("total frame count out of 32-bit range", start);
            }
            Integer totalNframe = total == 0 ? null : ByteSource.unzigzag(total - 1);
            int depth = in.readCount("frame count", 1);
            Frame[] mostRecentFirst = new Frame[depth];
            for (int j = depth - 1; j >= 0; j--) { // the file lists them oldest first
                mostRecentFirst[j] = frames[in.readIndex("frame", frames.length)];
            }
            tracebacks[i] = new Traceback(Arrays.asList(mostRecentFirst), totalNframe);
        }
    }

    private void readTraces() throws CorruptSnapshotException {
        int start = in.position();
        long count = in.readVarLong();
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            throw in.corrupt("trace count " + Long.toUnsignedString(count) + " is too large", start);
        }
        // Only the heap's capacity is a sure bound: what is in use now may be garbage.
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (count * HEAP_BYTES_PER_TRACE > maxHeap) {
            throw in.corrupt("trace count " + count + " needs about " + (count * HEAP_BYTES_PER_TRACE >> 20)
                    + " MiB, more than the whole heap (" + (maxHeap >> 20) + " MiB)", start);
        }
        // Grow with the data rather than trusting the count: a run record is the only way one
        // byte stands for several traces, and runs are checked against the count.
        Trace[] result = new Trace[(int) Math.min(count, in.remaining())];
        long[] lastSizeOfTraceback = new long[tracebacks.length];
        // Traces are immutable: equal ones share an instance, which saves most of the
        // allocation when a site keeps allocating one size.
        Trace[] lastTraceOfTraceback = new Trace[tracebacks.length];
        int domain = 0;
        int traceback = 0;
        int n = 0;
        while (n < count) {
            in.reading("trace", n, count);
            int recordStart = in.position();
            int flags = in.readByte();
            if ((flags & TRACE_RESERVED) != 0) {
                throw in.corrupt("reserved trace flag bits 0x"
                        + Integer.toHexString(flags & TRACE_RESERVED) + " are set", recordStart);
            }
            if ((flags & TRACE_DOMAIN) != 0) {
                domain = in.readSignedVarInt("domain");
            }
            if ((flags & TRACE_TRACEBACK) != 0) {
                traceback = in.readIndex("traceback", tracebacks.length);
            } else if (traceback >= tracebacks.length) {
                throw in.corrupt("the trace has no traceback (the traceback table is empty)", recordStart);
            }
            long size = (flags & TRACE_SIZE) != 0 ? in.readVarLong() : lastSizeOfTraceback[traceback];
            lastSizeOfTraceback[traceback] = size;
            long copies = 1;
            if ((flags & TRACE_RUN) != 0) {
                int runStart = in.position();
                long extra = in.readVarLong();
                if (extra == 0) {
                    throw in.corrupt("empty run (a run repeats a trace at least once)", runStart);
                }
                if (extra < 0 || extra > count - n - 1) {
                    throw in.corrupt("run of " + Long.toUnsignedString(extra)
                            + " more traces goes beyond the trace count " + count, runStart);
                }
                copies += extra;
            }
            long blocks = 1;
            if ((flags & TRACE_COUNT) != 0) {
                int countStart = in.position();
                blocks = in.readVarLong();
                if (blocks < 2) {
                    throw in.corrupt("block count " + Long.toUnsignedString(blocks)
                            + " (a counted trace stands for at least 2 blocks)", countStart);
                }
            }
            if (n + copies > result.length) {
                result = grow(result, (int) Math.min(count, Math.max(n + copies, 2L * result.length)), count, start);
            }
            Trace trace = lastTraceOfTraceback[traceback];
            if (trace == null || trace.size() != size || trace.domain() != domain || trace.count() != blocks) {
                trace = new Trace(domain, size, tracebacks[traceback], blocks);
                lastTraceOfTraceback[traceback] = trace;
            }
            if (copies == 1) {
                result[n++] = trace;
            } else {
                Arrays.fill(result, n, (int) (n + copies), trace);
                n += (int) copies;
            }
        }
        traces = Arrays.asList(result);
    }

    /**
     * A larger trace array. Only a run can ask for much more than the bytes read so far, and a
     * failed allocation of one array has no side effect, so running out of heap here is reported
     * as an IOException rather than thrown at the caller as an OutOfMemoryError.
     */
    private Trace[] grow(Trace[] traces, int length, long count, int countOffset) throws CorruptSnapshotException {
        try {
            return Arrays.copyOf(traces, length);
        } catch (OutOfMemoryError e) {
            throw in.corrupt("not enough free heap for the " + count + " traces", countOffset);
        }
    }

    private void readEnd(int length) throws CorruptSnapshotException {
        int start = in.position();
        in.reading("the end section");
        if (length != END_LENGTH) {
            throw in.corrupt("the end section is " + length + " bytes long instead of " + END_LENGTH, start);
        }
        CRC32C crc = new CRC32C();
        crc.update(in.bytes(), 0, start);
        int stored = 0;
        for (int i = 0; i < END_LENGTH; i++) {
            stored = (stored << 8) | in.readByte();
        }
        if (stored != (int) crc.getValue()) {
            throw in.corrupt(String.format("checksum mismatch: the file says %08x, its bytes give %08x",
                    stored, (int) crc.getValue()), start);
        }
        if (in.remaining() != 0) {
            throw in.corrupt(in.remaining() + " unexpected bytes after the end section", in.position());
        }
    }
}
