package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Known encodings, worked out by hand from the protobuf wire format's rules. */
class ProtobufWriterTest {

    @Test
    void varintFieldSplitsIntoSevenBitGroupsLowFirst() {
        // field 1, wire type 0: tag 0x08; 150 = 0b1_0010110 -> 0x96 0x01
        assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtobufWriter().varint(1, 150).toByteArray());
    }

    @Test
    void zeroScalarsAreLeftOut() {
        assertArrayEquals(bytes(), new ProtobufWriter().varint(3, 0).toByteArray());
    }

    @Test
    void negativeInt64TakesTenBytes() {
        assertArrayEquals(bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
                new ProtobufWriter().varint(2, -1).toByteArray());
    }

    @Test
    void stringIsLengthDelimitedUtf8() {
        // field 2, wire type 2: tag 0x12, length 7
        assertArrayEquals(bytes(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'),
                new ProtobufWriter().string(2, "testing").toByteArray());
        assertArrayEquals(bytes(0x32, 0x02, 0xC3, 0xA9), new ProtobufWriter().string(6, "\u00e9").toByteArray());
        assertArrayEquals(bytes(0x32, 0x00), new ProtobufWriter().string(6, "").toByteArray());
    }

    @Test
    void packedRepeatedVarintsShareOneLength() {
        // 3 -> 03; 270 -> 8E 02; 86942 -> 9E A7 05: six bytes after tag 0x22
        assertArrayEquals(bytes(0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05),
                new ProtobufWriter().packed(4, new long[] {3, 270, 86942}).toByteArray());
        assertArrayEquals(bytes(), new ProtobufWriter().packed(4, new long[0]).toByteArray());
    }

    @Test
    void nestedMessageIsLengthDelimited() {
        ProtobufWriter inner = new ProtobufWriter().varint(1, 150);
        assertArrayEquals(bytes(0x1A, 0x03, 0x08, 0x96, 0x01), new ProtobufWriter().message(3, inner).toByteArray());
    }

    @Test
    void fieldNumbersAboveFifteenTakeATwoByteTag() {
        // field 16, wire type 0: (16 << 3) = 128 -> 0x80 0x01
        assertArrayEquals(bytes(0x80, 0x01, 0x01), new ProtobufWriter().varint(16, 1).toByteArray());
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
