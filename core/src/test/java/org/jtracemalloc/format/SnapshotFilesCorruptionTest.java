package org.jtracemalloc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.jtracemalloc.CorruptSnapshotException;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input: every failure is an IOException naming the problem and the byte offset. */
class SnapshotFilesCorruptionTest {
    @TempDir
    Path dir;

    private static Snapshot smallSnapshot() {
        Traceback a = new Traceback(List.of(new Frame("b.py", 4, "B", "run"), new Frame("a.py", 2)), 3);
        Traceback b = new Traceback(List.of(new Frame("\u00E9t\u00E9.java", 9, null, "m")));
        return new Snapshot(List.of(
                new Trace(0, 10, a), new Trace(0, 10, a), new Trace(0, 10, a),
                new Trace(1, 300, b), new Trace(0, 10, a), new Trace(2, 7, b)), 5);
    }

    private static byte[] smallFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SnapshotEncoder.encode(smallSnapshot(), Channels.newChannel(bytes));
        return bytes.toByteArray();
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("snapshot.bin");
        Files.write(file, bytes);
        return file;
    }

    /** Loads and expects a failure whose message names the file, the problem and the offset. */
    private CorruptSnapshotException assertCorrupt(byte[] bytes, String problem) throws IOException {
        Path file = write(bytes);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> Snapshot.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "expected '" + problem + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(" at byte " + e.offset()), e.getMessage());
        assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, e.getMessage());
        return e;
    }

    /** Builds files section by section, with a correct checksum, to reach the checks behind it. */
    private static final class FileBuilder {
        private final ByteSink out = new ByteSink(64);

        FileBuilder() {
            this(SnapshotFormat.VERSION);
        }

        FileBuilder(long version) {
            out.writeBytes(SnapshotFormat.MAGIC);
            out.writeVarLong(version);
        }

        /** Each value is written as a varint; use {@link #raw} for anything else. */
        FileBuilder section(int tag, long... varints) {
            ByteSink payload = new ByteSink(16);
            for (long v : varints) {
                payload.writeVarLong(v);
            }
            return raw(tag, Arrays.copyOf(payload.array(), payload.length()));
        }

        FileBuilder raw(int tag, byte[] payload) {
            out.writeVarInt(tag);
            out.writeVarInt(payload.length);
            out.writeBytes(payload);
            return this;
        }

        /** The required sections before the traces: limit 1, one string, one frame, one traceback. */
        FileBuilder tablesWithOneTraceback() {
            section(SnapshotFormat.SECTION_HEADER, 2);
            raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'});
            section(SnapshotFormat.SECTION_FRAMES, 1, 0, 2, 0, 0);
            return section(SnapshotFormat.SECTION_TRACEBACKS, 1, 0, 1, 0);
        }

        byte[] end() {
            out.writeVarInt(SnapshotFormat.SECTION_END);
            out.writeVarInt(SnapshotFormat.END_LENGTH);
            CRC32C crc = new CRC32C();
            crc.update(out.array(), 0, out.length());
            out.writeIntBigEndian((int) crc.getValue());
            return Arrays.copyOf(out.array(), out.length());
        }
    }

    @Test
    void theBuilderMakesValidFiles() throws IOException {
        Snapshot loaded = Snapshot.load(write(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 2, SnapshotFormat.TRACE_SIZE, 8, 0).end()));
        assertEquals(2, loaded.traces().size());
        assertEquals(8, loaded.traces().get(1).size());
        assertEquals(new Frame("f", 1), loaded.traces().get(0).traceback().get(0));
        // The builder writes the format as it was before sampling: no interval, no counts, no drops.
        assertEquals(0, loaded.samplingInterval());
        assertEquals(0, loaded.droppedTraces());
        assertFalse(loaded.settled());
        assertEquals(1, loaded.traces().get(1).count());
    }

    @Test
    void samplingIntervalAndCountsAreRead() throws IOException {
        Snapshot loaded = Snapshot.load(write(new FileBuilder()
                .section(SnapshotFormat.SECTION_HEADER, 2, 65536)
                .raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'})
                .section(SnapshotFormat.SECTION_FRAMES, 1, 0, 2, 0, 0)
                .section(SnapshotFormat.SECTION_TRACEBACKS, 1, 0, 1, 0)
                .section(SnapshotFormat.SECTION_TRACES, 2, SnapshotFormat.TRACE_SIZE | SnapshotFormat.TRACE_COUNT, 65560, 1366, 0)
                .end()));
        assertEquals(65536, loaded.samplingInterval());
        assertEquals(65560, loaded.traces().get(0).size());
        assertEquals(1366, loaded.traces().get(0).count());
        assertEquals(1, loaded.traces().get(1).count()); // a count is never inherited
    }

    @Test
    void theDroppedCountAndTheSettledFlagAreReadAndLaterHeaderFieldsAreSkipped() throws IOException {
        Snapshot loaded = Snapshot.load(write(new FileBuilder()
                .section(SnapshotFormat.SECTION_HEADER, 2, 0, 123_456, 1, 0, 99) // 99: a field of a later writer
                .raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'})
                .section(SnapshotFormat.SECTION_FRAMES, 1, 0, 2, 0, 0)
                .section(SnapshotFormat.SECTION_TRACEBACKS, 1, 0, 1, 0)
                .section(SnapshotFormat.SECTION_TRACES, 1, SnapshotFormat.TRACE_SIZE, 8)
                .end()));
        assertEquals(1, loaded.tracebackLimit());
        assertEquals(0, loaded.samplingInterval());
        assertEquals(123_456, loaded.droppedTraces());
        assertTrue(loaded.settled());
        assertFalse(loaded.isAllocationSnapshot());
        assertEquals(1, loaded.traces().size());
    }

    @Test
    void aSettledFlagOtherThanZeroOrOneIsRefused() throws IOException {
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2, 0, 0, 2).end(),
                "settled flag 2 is neither 0 nor 1");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2, 0, 0, -1L).end(),
                "settled flag 18446744073709551615 is too large");
    }

    @Test
    void theTraceKindIsReadAndAnUnknownOneRefused() throws IOException {
        Snapshot loaded = Snapshot.load(write(new FileBuilder()
                .section(SnapshotFormat.SECTION_HEADER, 2, 0, 0, 0, 1)
                .raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'})
                .section(SnapshotFormat.SECTION_FRAMES, 1, 0, 2, 0, 0)
                .section(SnapshotFormat.SECTION_TRACEBACKS, 1, 0, 1, 0)
                .section(SnapshotFormat.SECTION_TRACES, 1, SnapshotFormat.TRACE_SIZE | SnapshotFormat.TRACE_COUNT, 800, 100)
                .end()));
        assertTrue(loaded.isAllocationSnapshot());
        assertEquals(100, loaded.traces().get(0).count());
        for (long kind : new long[] {2, -1L}) {
            assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2, 0, 0, 0, kind).end(),
                    kind == 2 ? "unknown trace kind 2 (0: live blocks, 1: allocation totals)"
                            : "trace kind 18446744073709551615 is too large");
        }
    }

    @Test
    void badDroppedCounts() throws IOException {
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2, 0, -1L).end(),
                "dropped trace count 18446744073709551615 is too large");
        // A varint cut short by the end of the header is an error, not a field to skip.
        assertCorrupt(new FileBuilder().raw(SnapshotFormat.SECTION_HEADER, new byte[] {2, 0, (byte) 0x80}).end(),
                "data runs past the end of its section");
    }

    @Test
    void badBlockCounts() throws IOException {
        for (long count : new long[] {0, 1}) {
            assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                    .section(SnapshotFormat.SECTION_TRACES, 1, SnapshotFormat.TRACE_COUNT, count).end(),
                    "block count " + count + " (a counted trace stands for at least 2 blocks)");
        }
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2, -1L).end(),
                "sampling interval 18446744073709551615 is too large");
    }

    @Test
    void everyTruncationFails() throws IOException {
        byte[] valid = smallFile();
        for (int length = 0; length < valid.length; length++) {
            CorruptSnapshotException e = assertCorrupt(Arrays.copyOf(valid, length),
                    length == 0 ? "empty file" : "truncated");
            assertTrue(e.offset() <= length, e.getMessage());
        }
    }

    @Test
    void everySingleByteChangeFailsCleanly() throws IOException {
        byte[] valid = smallFile();
        for (int position = 0; position < valid.length; position++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF, 0x7F}) {
                byte[] changed = valid.clone();
                changed[position] ^= (byte) mask;
                Path file = write(changed);
                try {
                    Snapshot.load(file);
                    fail("byte " + position + " ^ " + mask + " went unnoticed");
                } catch (CorruptSnapshotException e) {
                    assertTrue(e.getMessage().contains(" at byte " + e.offset()), e.getMessage());
                } catch (IOException e) {
                    fail("not a CorruptSnapshotException for byte " + position + ": " + e);
                }
            }
        }
    }

    @Test
    void checksumCatchesChangesTheStructureAllows() throws IOException {
        byte[] bytes = smallFile();
        bytes[SnapshotFormat.MAGIC.length + 3] ^= 0x04; // traceback limit 5 -> 3: still well-formed
        assertCorrupt(bytes, "checksum mismatch");
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] bytes = smallFile();
        bytes[1] = 'X';
        assertEquals(1, assertCorrupt(bytes, "not a jtracemalloc snapshot file (wrong magic)").offset());
        assertCorrupt("\u0080\u0005 a pickle".getBytes(), "wrong magic");
    }

    @Test
    void futureAndInvalidVersions() throws IOException {
        assertEquals(SnapshotFormat.MAGIC.length,
                assertCorrupt(new FileBuilder(2).end(), "format version 2 is newer than this reader supports (1)")
                        .offset());
        assertCorrupt(new FileBuilder(0).end(), "invalid format version 0");
        assertCorrupt(new FileBuilder(-1).end(), "format version 18446744073709551615 is newer");
    }

    @Test
    void absurdCountsAndLengths() throws IOException {
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .section(SnapshotFormat.SECTION_STRINGS, 1L << 40).end(), "string count 1099511627776 exceeds");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .section(SnapshotFormat.SECTION_STRINGS, 1, Integer.MAX_VALUE).end(),
                "string length 2147483647 exceeds what the 0 remaining bytes");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .section(SnapshotFormat.SECTION_STRINGS, 0)
                .section(SnapshotFormat.SECTION_FRAMES, 3, 0, 0, 0).end(), "frame count 3 exceeds");
        long hugeCount = Integer.MAX_VALUE - 9;
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, hugeCount, 0).end(),
                Runtime.getRuntime().maxMemory() < hugeCount * 16
                        ? "trace count 2147483638 needs about" // refused before any allocation
                        : "data runs past the end of its section"); // allocation follows the data only
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 1L << 33, 0).end(), "trace count 8589934592 is too large");
        // a count the heap could hold but the data does not back
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 1000, 0, 0).end(),
                "data runs past the end of its section");
    }

    @Test
    void aTableLargerThanTheFile() throws IOException {
        byte[] bytes = new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2).end();
        ByteSink sink = new ByteSink(32);
        sink.writeBytes(Arrays.copyOf(bytes, bytes.length - 6)); // drop the end section
        sink.writeVarInt(SnapshotFormat.SECTION_STRINGS);
        sink.writeVarLong(1L << 30);
        sink.writeBytes(new byte[] {1, 1, 'x'});
        CorruptSnapshotException e = assertCorrupt(Arrays.copyOf(sink.array(), sink.length()),
                "truncated: the string table declares 1073741824 bytes but only 3 remain");
        assertEquals(sink.length() - 3, e.offset());
    }

    @Test
    void negativeAndOverlongVarints() throws IOException {
        long minusOne = -1L; // ten bytes: FF x9, 01
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .section(SnapshotFormat.SECTION_STRINGS, minusOne).end(), "string count 18446744073709551615 exceeds");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, minusOne).end(),
                "traceback limit 18446744073709551615 is out of 32-bit range");
        byte[] overlong = new byte[11];
        Arrays.fill(overlong, (byte) 0xFF);
        overlong[10] = 0;
        assertCorrupt(new FileBuilder().raw(SnapshotFormat.SECTION_HEADER, overlong).end(), "varint overflows 64 bits");
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 1, SnapshotFormat.TRACE_DOMAIN, 1L << 32).end(),
                "domain 4294967296 is out of 32-bit range");
    }

    @Test
    void indicesOutOfRange() throws IOException {
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'})
                .section(SnapshotFormat.SECTION_FRAMES, 1, 1, 2, 0, 0).end(),
                "filename string index 1 is out of range (1 entries) at byte");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'})
                .section(SnapshotFormat.SECTION_FRAMES, 1, 0, 2, 2, 0).end(),
                "class name string index 2 is out of range (2 entries)");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'})
                .section(SnapshotFormat.SECTION_FRAMES, 1, 0, 2, 0, 0)
                .section(SnapshotFormat.SECTION_TRACEBACKS, 1, 0, 2, 0, 1).end(),
                "frame index 1 is out of range (1 entries) at byte");
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 3, 0, SnapshotFormat.TRACE_TRACEBACK, 1, 0).end(),
                "traceback index 1 is out of range (1 entries) at byte");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .section(SnapshotFormat.SECTION_STRINGS, 0).section(SnapshotFormat.SECTION_FRAMES, 0)
                .section(SnapshotFormat.SECTION_TRACEBACKS, 0)
                .section(SnapshotFormat.SECTION_TRACES, 1, 0).end(),
                "the trace has no traceback (the traceback table is empty)");
    }

    @Test
    void errorMessagesNameTheElementBeingRead() throws IOException {
        byte[] bytes = new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 100, 0, 0, 0, 0x20).end();
        CorruptSnapshotException e = assertCorrupt(bytes, "reserved trace flag bits 0x20 are set");
        assertTrue(e.getMessage().endsWith(" while reading trace 3 of 100"), e.getMessage());
    }

    @Test
    void invalidUtf8() throws IOException {
        for (byte[] bad : new byte[][] {
                {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {'o', (byte) 0xC0, (byte) 0x80}}) {
            byte[] payload = new byte[2 + bad.length];
            payload[0] = 1;
            payload[1] = (byte) bad.length;
            System.arraycopy(bad, 0, payload, 2, bad.length);
            byte[] file = new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                    .raw(SnapshotFormat.SECTION_STRINGS, payload).end();
            CorruptSnapshotException e = assertCorrupt(file, "invalid UTF-8");
            assertTrue(e.getMessage().endsWith("while reading string 0 of 1"), e.getMessage());
        }
    }

    @Test
    void badRuns() throws IOException {
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 3, SnapshotFormat.TRACE_RUN, 0).end(), "empty run");
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 3, SnapshotFormat.TRACE_RUN, 3).end(),
                "run of 3 more traces goes beyond the trace count 3");
        assertCorrupt(new FileBuilder().tablesWithOneTraceback()
                .section(SnapshotFormat.SECTION_TRACES, 3, SnapshotFormat.TRACE_RUN, -1L).end(),
                "run of 18446744073709551615 more traces goes beyond");
    }

    @Test
    void sectionStructure() throws IOException {
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2).end(), "the string table is missing");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_STRINGS, 0).end(),
                "the string table is out of order (expected the header section)");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2)
                .section(SnapshotFormat.SECTION_HEADER, 2).end(), "the header section is out of order");
        assertCorrupt(new FileBuilder().section(SnapshotFormat.SECTION_HEADER, 2).section(11, 0).end(),
                "unsupported required section 11 (written by a newer version?)");
        byte[] valid = smallFile();
        byte[] trailing = Arrays.copyOf(valid, valid.length + 2);
        assertEquals(valid.length, assertCorrupt(trailing, "2 unexpected bytes after the end section").offset());
        byte[] noEnd = new FileBuilder().tablesWithOneTraceback().section(SnapshotFormat.SECTION_TRACES, 0).end();
        assertCorrupt(Arrays.copyOf(noEnd, noEnd.length - 6), "truncated (no end section)");
        byte[] longEnd = new FileBuilder().tablesWithOneTraceback().section(SnapshotFormat.SECTION_TRACES, 0)
                .raw(SnapshotFormat.SECTION_END, new byte[5]).end();
        assertCorrupt(longEnd, "the end section is 5 bytes long instead of 4");
    }

    @Test
    void laterAdditionsAreSkipped() throws IOException {
        // an optional section of a later version, and header fields this reader does not know
        Snapshot loaded = Snapshot.load(write(new FileBuilder()
                .section(12, 1, 2, 3)
                .section(SnapshotFormat.SECTION_HEADER, 2, 1000, 7)
                .raw(SnapshotFormat.SECTION_STRINGS, new byte[] {1, 1, 'f'})
                .section(SnapshotFormat.SECTION_FRAMES, 1, 0, 2, 0, 0)
                .section(SnapshotFormat.SECTION_TRACEBACKS, 1, 0, 1, 0)
                .section(64, 9)
                .section(SnapshotFormat.SECTION_TRACES, 1, 0).end()));
        assertEquals(1, loaded.tracebackLimit());
        assertEquals(1, loaded.traces().size());
    }

    @Test
    void randomBytes() throws IOException {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            byte[] noise = new byte[random.nextInt(300)];
            random.nextBytes(noise);
            assertRejected(noise);
            // the same noise behind a valid magic and version reaches the section parser
            byte[] framed = Arrays.copyOf(SnapshotFormat.MAGIC, SnapshotFormat.MAGIC.length + 1 + noise.length);
            framed[SnapshotFormat.MAGIC.length] = SnapshotFormat.VERSION;
            System.arraycopy(noise, 0, framed, SnapshotFormat.MAGIC.length + 1, noise.length);
            assertRejected(framed);
            // and behind a valid file's tables, noise in the trace section
            byte[] prefix = new FileBuilder().tablesWithOneTraceback().end();
            byte[] traces = Arrays.copyOf(prefix, prefix.length - 6 + 2 + noise.length);
            traces[prefix.length - 6] = SnapshotFormat.SECTION_TRACES;
            traces[prefix.length - 5] = (byte) Math.min(noise.length, 127);
            System.arraycopy(noise, 0, traces, prefix.length - 4, noise.length);
            assertRejected(traces);
        }
    }

    private void assertRejected(byte[] bytes) throws IOException {
        Path file = write(bytes);
        CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> Snapshot.load(file));
        assertTrue(e.getMessage().contains(" at byte " + e.offset()), e.getMessage());
    }

    @Test
    void aMissingFileIsAnIOException() {
        assertThrows(IOException.class, () -> Snapshot.load(dir.resolve("absent")));
    }
}
