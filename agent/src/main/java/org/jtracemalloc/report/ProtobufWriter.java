package org.jtracemalloc.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol buffers wire format, for exactly what {@link PprofProfile} writes: varint fields
 * (wire type 0), length-delimited fields (wire type 2: strings, nested messages, packed varints).
 * Fields are written in the order they are called; zero-valued scalars are skipped, as proto3
 * does, since a reader takes a missing field as 0.
 */
final class ProtobufWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** An int64/uint64/bool field; negative values take ten bytes, as for int64 in protobuf. */
    ProtobufWriter varint(int field, long value) {
        if (value != 0) {
            tag(field, VARINT);
            rawVarint(value);
        }
        return this;
    }

    /** A string field, always written (string_table[0] must be present and empty). */
    ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message field. */
    ProtobufWriter message(int field, ProtobufWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** A packed repeated int64/uint64 field; nothing when {@code values} is empty. */
    ProtobufWriter packed(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        ProtobufWriter payload = new ProtobufWriter();
        for (long value : values) {
            payload.rawVarint(value);
        }
        return bytes(field, payload.toByteArray());
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private ProtobufWriter bytes(int field, byte[] payload) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(payload.length);
        bytes.write(payload, 0, payload.length);
        return this;
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    /** Base 128, least significant group first, high bit set on all but the last byte. */
    private void rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            bytes.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        bytes.write((int) value);
    }
}
