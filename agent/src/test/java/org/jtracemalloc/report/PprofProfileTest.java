package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Reads the profile back with a small wire-format reader and checks what pprof would see. */
class PprofProfileTest {

    @Test
    void samplesSumTracesPerStackWithTheAllocatingFrameFirst() throws IOException {
        byte[] encoded = new GZIPInputStream(new ByteArrayInputStream(PprofProfile.gzipped(HandMadeSnapshots.current()))).readAllBytes();
        Map<Integer, List<Object>> profile = read(encoded);
        List<String> strings = profile.get(6).stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList();
        assertEquals("", strings.get(0));

        List<String> sampleTypes = new ArrayList<>();
        for (Object valueType : profile.get(1)) {
            Map<Integer, List<Object>> fields = read((byte[]) valueType);
            sampleTypes.add(strings.get(number(fields, 1)) + "/" + strings.get(number(fields, 2)));
        }
        assertEquals(List.of("inuse_objects/count", "inuse_space/bytes"), sampleTypes);
        assertEquals("inuse_space", strings.get(number(profile, 14)));

        Map<Long, String> functionNames = new HashMap<>();
        for (Object function : profile.get(5)) {
            Map<Integer, List<Object>> fields = read((byte[]) function);
            functionNames.put((long) number(fields, 1), strings.get(number(fields, 2)) + "@" + strings.get(number(fields, 4)));
        }
        Map<Long, String> locations = new HashMap<>();
        for (Object location : profile.get(4)) {
            Map<Integer, List<Object>> fields = read((byte[]) location);
            Map<Integer, List<Object>> line = read((byte[]) fields.get(4).get(0));
            locations.put((long) number(fields, 1), functionNames.get((long) number(line, 1)) + ":" + number(line, 2));
        }

        List<String> samples = new ArrayList<>();
        for (Object sample : profile.get(2)) {
            Map<Integer, List<Object>> fields = read((byte[]) sample);
            List<String> stack = new ArrayList<>();
            for (long id : packed((byte[]) fields.get(1).get(0))) {
                stack.add(locations.get(id));
            }
            samples.add(stack + " " + List.of(packed((byte[]) fields.get(2).get(0))).stream().map(a -> a[0] + "," + a[1]).toList());
        }
        assertEquals(List.of(
                        "[java/util/HashMap.java@java/util/HashMap.java:1901, com/example/Cache.java@com/example/Cache.java:12] [2,512]",
                        "[com/example/Cache.java@com/example/Cache.java:20, com/example/Main.java@com/example/Main.java:5] [1,1024]",
                        "[java/util/ArrayList.java@java/util/ArrayList.java:239, com/example/Main.java@com/example/Main.java:7] [1,100]",
                        "[java/lang/String.java@java/lang/String.java:4500, com/example/Main.java@com/example/Main.java:7] [1,24]",
                        "[jdk/internal/misc/Unsafe.java@jdk/internal/misc/Unsafe.java:1382, com/example/Buffers.java@com/example/Buffers.java:3,"
                                + " [native memory]@[native memory]:0] [1,4096]"),
                samples);
    }

    /** A scalar field; a missing one is 0, as proto3 readers take it. */
    private static int number(Map<Integer, List<Object>> fields, int field) {
        return fields.containsKey(field) ? Math.toIntExact((Long) fields.get(field).get(0)) : 0;
    }

    /** Fields of one message: varints as Long, length-delimited payloads as byte[]. */
    private static Map<Integer, List<Object>> read(byte[] message) {
        Map<Integer, List<Object>> fields = new HashMap<>();
        int[] position = {0};
        while (position[0] < message.length) {
            long tag = varint(message, position);
            Object value;
            if ((tag & 7) == 0) {
                value = varint(message, position);
            } else if ((tag & 7) == 2) {
                int length = (int) varint(message, position);
                byte[] payload = new byte[length];
                System.arraycopy(message, position[0], payload, 0, length);
                position[0] += length;
                value = payload;
            } else {
                throw new AssertionError("unexpected wire type " + (tag & 7));
            }
            fields.computeIfAbsent((int) (tag >>> 3), k -> new ArrayList<>()).add(value);
        }
        return fields;
    }

    private static long[] packed(byte[] payload) {
        List<Long> values = new ArrayList<>();
        int[] position = {0};
        while (position[0] < payload.length) {
            values.add(varint(payload, position));
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static long varint(byte[] bytes, int[] position) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }
}
