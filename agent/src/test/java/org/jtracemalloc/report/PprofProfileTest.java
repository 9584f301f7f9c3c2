package org.jtracemalloc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;

/** Reads the profile back with a small wire-format reader and checks what pprof would see. */
class PprofProfileTest {

    /** What pprof would see: sample types, the default one, and each sample as its stack and values. */
    private record Decoded(List<String> sampleTypes, String defaultSampleType, List<String> samples) {}

    @Test
    void samplesSumTracesPerStackWithTheAllocatingFrameFirst() throws IOException {
        Decoded profile = decode(PprofProfile.gzipped(HandMadeSnapshots.current()));
        assertEquals(List.of("inuse_objects/count", "inuse_space/bytes"), profile.sampleTypes());
        assertEquals("inuse_space", profile.defaultSampleType());
        assertEquals(List.of(
                        "[java/util/HashMap.java@java/util/HashMap.java:1901, com/example/Cache.java@com/example/Cache.java:12] [2, 512]",
                        "[com/example/Cache.java@com/example/Cache.java:20, com/example/Main.java@com/example/Main.java:5] [1, 1024]",
                        "[java/util/ArrayList.java@java/util/ArrayList.java:239, com/example/Main.java@com/example/Main.java:7] [1, 100]",
                        "[java/lang/String.java@java/lang/String.java:4500, com/example/Main.java@com/example/Main.java:7] [1, 24]",
                        "[jdk/internal/misc/Unsafe.java@jdk/internal/misc/Unsafe.java:1382, com/example/Buffers.java@com/example/Buffers.java:3,"
                                + " [native memory]@[native memory]:0] [1, 4096]"),
                profile.samples());
    }

    @Test
    void anAllocationSnapshotGivesTheAllocTypesAndItsCounts() throws IOException {
        Decoded profile = decode(PprofProfile.gzipped(allocated()));
        assertEquals(List.of("alloc_objects/count", "alloc_space/bytes"), profile.sampleTypes());
        assertEquals("alloc_space", profile.defaultSampleType());
        assertEquals(List.of(
                        "[java/util/HashMap.java@java/util/HashMap.java:1901, com/example/Cache.java@com/example/Cache.java:12] [40, 10240]",
                        "[com/example/Old.java@com/example/Old.java:9] [3, 1536]"),
                profile.samples());
    }

    @Test
    void aHeapProfileHasGosFourTypesWithZeroWhereASnapshotLacksTheStack() throws IOException {
        Decoded heap = decode(PprofProfile.gzippedHeap(allocated(), HandMadeSnapshots.current(), "alloc_space"));
        assertEquals(List.of("alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes"), heap.sampleTypes());
        assertEquals("alloc_space", heap.defaultSampleType());
        assertEquals("[java/util/HashMap.java@java/util/HashMap.java:1901, com/example/Cache.java@com/example/Cache.java:12]"
                + " [40, 10240, 2, 512]", heap.samples().get(0));
        assertEquals("[com/example/Old.java@com/example/Old.java:9] [3, 1536, 0, 0]", heap.samples().get(1));
        assertEquals("[com/example/Cache.java@com/example/Cache.java:20, com/example/Main.java@com/example/Main.java:5]"
                + " [0, 0, 1, 1024]", heap.samples().get(2));
        assertEquals(6, heap.samples().size(), "the five stacks of the live snapshot and Old.java:9");
        assertThrows(IllegalArgumentException.class,
                () -> PprofProfile.gzippedHeap(HandMadeSnapshots.current(), HandMadeSnapshots.current(), "inuse_space"));
    }

    /** 40 allocations at HashMap.java:1901 under Cache.java:12, 3 at Old.java:9. */
    private static Snapshot allocated() {
        Traceback cache = HandMadeSnapshots.current().traces().get(0).traceback();
        Traceback old = new Traceback(List.of(new Frame("com/example/Old.java", 9)));
        return new Snapshot(List.of(new Trace(0, 10240, cache, 40), new Trace(0, 1536, old, 3)), 2, 0, 0, false, true);
    }

    private static Decoded decode(byte[] gzipped) throws IOException {
        byte[] encoded = new GZIPInputStream(new ByteArrayInputStream(gzipped)).readAllBytes();
        Map<Integer, List<Object>> profile = read(encoded);
        List<String> strings = profile.get(6).stream().map(b -> new String((byte[]) b, StandardCharsets.UTF_8)).toList();
        assertEquals("", strings.get(0));

        List<String> sampleTypes = new ArrayList<>();
        for (Object valueType : profile.get(1)) {
            Map<Integer, List<Object>> fields = read((byte[]) valueType);
            sampleTypes.add(strings.get(number(fields, 1)) + "/" + strings.get(number(fields, 2)));
        }

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
            samples.add(stack + " " + Arrays.toString(packed((byte[]) fields.get(2).get(0))));
        }
        return new Decoded(sampleTypes, strings.get(number(profile, 14)), samples);
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
