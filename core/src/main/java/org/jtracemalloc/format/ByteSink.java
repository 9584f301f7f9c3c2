package org.jtracemalloc.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** A growable byte buffer with the varint encodings of the snapshot format (LEB128, zigzag). */
final class ByteSink {
    private byte[] bytes;
    private int length;

    ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    void writeBytes(byte[] source) {
        ensure(source.length);
        System.arraycopy(source, 0, bytes, length, source.length);
        length += source.length;
    }

    void writeBytes(ByteSink source) {
        ensure(source.length);
        System.arraycopy(source.bytes, 0, bytes, length, source.length);
        length += source.length;
    }

    /** Unsigned LEB128 of all 64 bits: at most 10 bytes. */
    void writeVarLong(long value) {
        ensure(10);
        length = putVarLong(bytes, length, value);
    }

    /**
     * Writes {@code value} as unsigned LEB128 into {@code bytes} at {@code at}, which must have room
     * for it ({@link #reserve}); returns the position after it.
     */
    static int putVarLong(byte[] bytes, int at, long value) {
        if ((value & ~0x3FFFL) == 0) {
            // One or two bytes, the common case, without a branch on which: the second byte is
            // written either way (it is in the reserved room) and only counted when needed.
            int second = (int) ((0x7FL - value) >>> 63); // 1 when value > 127
            bytes[at] = (byte) (value | (second << 7));
            bytes[at + 1] = (byte) (value >>> 7);
            return at + 1 + second;
        }
        while ((value & ~0x7FL) != 0) {
            bytes[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[at++] = (byte) value;
        return at;
    }

    /**
     * Makes room for {@code extra} more bytes after {@link #length()}, for a caller that writes
     * them into {@link #array()} itself and then calls {@link #setLength}.
     */
    void reserve(int extra) {
        ensure(extra);
    }

    /** After writing into {@link #array()}: the new length, at most the room {@link #reserve}d. */
    void setLength(int newLength) {
        length = newLength;
    }

    /** A non-negative int as unsigned LEB128. */
    void writeVarInt(int value) {
        writeVarLong(value & 0xFFFFFFFFL);
    }

    /** A signed int, zigzag-mapped so that small negative numbers stay short. */
    void writeSignedVarInt(int value) {
        writeVarLong(zigzag(value));
    }

    static long zigzag(int value) {
        return ((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL;
    }

    void writeIntBigEndian(int value) {
        ensure(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void ensure(int extra) {
        if (bytes.length - length < extra) {
            long wanted = Math.max((long) bytes.length * 2, (long) length + extra);
            if (wanted > Integer.MAX_VALUE - 8) {
                if ((long) length + extra > Integer.MAX_VALUE - 8) {
                    throw new UncheckedIOException(new IOException("snapshot encoding exceeds 2 GiB"));
                }
                wanted = Integer.MAX_VALUE - 8;
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
