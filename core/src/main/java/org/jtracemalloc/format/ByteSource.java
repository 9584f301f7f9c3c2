package org.jtracemalloc.format;

import org.jtracemalloc.CorruptSnapshotException;

/**
 * A bounds-checked cursor over a snapshot file's bytes. Every read stays inside the current
 * section, and every failure becomes a {@link CorruptSnapshotException} naming the file, the
 * problem, the byte offset and the element being read.
 */
final class ByteSource {
    private final byte[] bytes;
    private final String fileName;
    private int position;
    private int limit;

    // What is being read, for error messages; kept as fields so the hot path builds no strings.
    private String element;
    private long elementIndex = -1;
    private long elementCount;

    ByteSource(byte[] bytes, String fileName) {
        this.bytes = bytes;
        this.fileName = fileName;
        this.limit = bytes.length;
    }

    byte[] bytes() {
        return bytes;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    /** Restricts reads to the {@code length} bytes from the current position. */
    void enterSection(int length) {
        limit = position + length;
    }

    /** Moves to the end of the current section, skipping what this reader does not know. */
    void leaveSection() {
        position = limit;
        limit = bytes.length;
        reading(null);
    }

    void skip(int length) {
        position += length;
    }

    void reading(String what) {
        element = what;
        elementIndex = -1;
    }

    void reading(String what, long index, long count) {
        element = what;
        elementIndex = index;
        elementCount = count;
    }

    int readByte() throws CorruptSnapshotException {
        if (position >= limit) {
            throw endOfData(position);
        }
        return bytes[position++] & 0xFF;
    }

    /** Unsigned LEB128, at most 10 bytes; the 64 bits may come back as a negative long. */
    long readVarLong() throws CorruptSnapshotException {
        int start = position;
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw endOfData(position);
            }
            int b = bytes[position++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw corrupt("varint overflows 64 bits", start);
            }
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw corrupt("varint overflows 64 bits", start);
    }

    /** A zigzag-coded signed 32-bit value. */
    int readSignedVarInt(String what) throws CorruptSnapshotException {
        int start = position;
        long raw = readVarLong();
        if (raw < 0 || raw > 0xFFFFFFFFL) {
            throw corrupt(what + " " + Long.toUnsignedString(raw) + " is out of 32-bit range", start);
        }
        return unzigzag(raw);
    }

    static int unzigzag(long raw) {
        return (int) (raw >>> 1) ^ -(int) (raw & 1);
    }

    /**
     * A count of elements that each take at least {@code minBytesEach} bytes, checked against the
     * bytes left in the section, so that no table is allocated larger than its data can fill.
     */
    int readCount(String what, int minBytesEach) throws CorruptSnapshotException {
        int start = position;
        long count = readVarLong();
        long fits = remaining() / minBytesEach;
        if (count < 0 || count > fits) {
            throw corrupt(what + " " + Long.toUnsignedString(count) + " exceeds what the "
                    + remaining() + " remaining bytes of the section can hold", start);
        }
        return (int) count;
    }

    /** An index into a table of {@code size} entries. */
    int readIndex(String what, int size) throws CorruptSnapshotException {
        int start = position;
        long index = readVarLong();
        if (index < 0 || index >= size) {
            throw corrupt(what + " index " + Long.toUnsignedString(index)
                    + " is out of range (" + size + " entries)", start);
        }
        return (int) index;
    }

    CorruptSnapshotException endOfData(int at) {
        if (limit == bytes.length) {
            return corrupt("truncated", at);
        }
        return corrupt("data runs past the end of its section (which ends at byte " + limit + ")", at);
    }

    CorruptSnapshotException corrupt(String problem, long at) {
        StringBuilder message = new StringBuilder(fileName).append(": ").append(problem)
                .append(" at byte ").append(at);
        if (element != null) {
            message.append(" while reading ").append(element);
            if (elementIndex >= 0) {
                message.append(' ').append(elementIndex).append(" of ").append(elementCount);
            }
        }
        return new CorruptSnapshotException(message.toString(), at);
    }
}
