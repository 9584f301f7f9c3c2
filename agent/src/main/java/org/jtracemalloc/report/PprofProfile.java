package org.jtracemalloc.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Traceback;

/**
 * A snapshot as a pprof profile (google/pprof's {@code proto/profile.proto}, gzipped), the format
 * that {@code go tool pprof}, Pyroscope, Grafana and Parca read. Two sample types,
 * {@code inuse_objects/count} and {@code inuse_space/bytes}; one sample per distinct (domain,
 * traceback) with its trace count and live bytes; one Location per distinct frame (with its line)
 * and one Function per distinct (name, file), named as {@link FrameNames} names them. There is no
 * Mapping: the addresses are not machine code, and pprof accepts locations without one.
 *
 * <p>Field numbers used, from profile.proto: Profile 1 sample_type, 2 sample, 4 location,
 * 5 function, 6 string_table, 14 default_sample_type; ValueType 1 type, 2 unit; Sample
 * 1 location_id (packed, allocating frame first), 2 value (packed); Location 1 id, 4 line; Line
 * 1 function_id, 2 line; Function 1 id, 2 name, 3 system_name, 4 filename. Strings are indexes
 * into string_table, whose entry 0 is the empty string.
 */
public final class PprofProfile {
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Long> stringIndex = new HashMap<>();
    private final Map<List<String>, Long> functionIds = new LinkedHashMap<>();
    private final Map<Frame, Long> locationIds = new LinkedHashMap<>();
    private final Map<Frame, Long> locationFunction = new HashMap<>();

    private PprofProfile() {
        string("");
    }

    /** The gzipped profile of {@code snapshot}'s traces. */
    public static byte[] gzipped(Snapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(encode(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory", e);
        }
        return out.toByteArray();
    }

    /** The profile of {@code snapshot}'s traces, not compressed. */
    static byte[] encode(Snapshot snapshot) {
        return new PprofProfile().profile(snapshot).toByteArray();
    }

    private ProtobufWriter profile(Snapshot snapshot) {
        ProtobufWriter profile = new ProtobufWriter()
                .message(1, valueType("inuse_objects", "count"))
                .message(1, valueType("inuse_space", "bytes"));
        StackTotals.of(snapshot).forEach((stack, sums) -> profile.message(2, new ProtobufWriter()
                .packed(1, locations(stack))
                .packed(2, new long[] {sums.count, sums.bytes})));
        locationIds.forEach((frame, id) -> profile.message(4, new ProtobufWriter()
                .varint(1, id)
                .message(4, new ProtobufWriter().varint(1, locationFunction.get(frame)).varint(2, frame.lineno()))));
        functionIds.forEach((nameAndFile, id) -> profile.message(5, new ProtobufWriter()
                .varint(1, id)
                .varint(2, string(nameAndFile.get(0)))
                .varint(3, string(nameAndFile.get(0)))
                .varint(4, string(nameAndFile.get(1)))));
        long defaultSampleType = string("inuse_space");
        for (String text : strings) {
            profile.string(6, text);
        }
        return profile.varint(14, defaultSampleType);
    }

    private ProtobufWriter valueType(String type, String unit) {
        return new ProtobufWriter().varint(1, string(type)).varint(2, string(unit));
    }

    /** The location ids of a stack, allocating frame first, as pprof wants them. */
    private long[] locations(StackTotals.Stack stack) {
        Traceback traceback = stack.traceback();
        String root = FrameNames.domainRoot(stack.domain());
        long[] ids = new long[traceback.size() + (root == null ? 0 : 1)];
        for (int i = 0; i < traceback.size(); i++) {
            ids[i] = location(traceback.get(traceback.size() - 1 - i));
        }
        if (root != null) {
            ids[ids.length - 1] = location(new Frame(root, 0));
        }
        return ids;
    }

    private long location(Frame frame) {
        Long id = locationIds.get(frame);
        if (id == null) {
            id = (long) locationIds.size() + 1;
            locationIds.put(frame, id);
            locationFunction.put(frame, function(FrameNames.function(frame), frame.filename()));
        }
        return id;
    }

    private long function(String name, String file) {
        return functionIds.computeIfAbsent(List.of(name, file), key -> (long) functionIds.size() + 1);
    }

    private long string(String text) {
        Long index = stringIndex.get(text);
        if (index == null) {
            index = (long) strings.size();
            strings.add(text);
            stringIndex.put(text, index);
        }
        return index;
    }
}
