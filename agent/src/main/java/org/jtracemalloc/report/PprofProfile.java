package org.jtracemalloc.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Traceback;

/**
 * Snapshots as a pprof profile (google/pprof's {@code proto/profile.proto}, gzipped), the format
 * that {@code go tool pprof}, Pyroscope, Grafana and Parca read. A snapshot of live blocks gives the
 * sample types {@code inuse_objects/count} and {@code inuse_space/bytes}, an allocation snapshot
 * {@code alloc_objects/count} and {@code alloc_space/bytes}; both together give Go's heap profile,
 * its four types in Go's order (alloc first). One sample per distinct (domain, traceback) with,
 * per snapshot, its block count ({@link org.jtracemalloc.Trace#count()}) and bytes (0 where that
 * snapshot lacks the stack); one Location per distinct frame (with its line) and one Function per
 * distinct (name, file), named as {@link FrameNames} names them. There is no Mapping: the addresses
 * are not machine code, and pprof accepts locations without one.
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

    /** The gzipped profile of {@code snapshot}'s traces: the two sample types of its kind, {@code *_space} the default. */
    public static byte[] gzipped(Snapshot snapshot) {
        return gzip(encode(List.of(snapshot), sampleTypePrefix(snapshot) + "_space"));
    }

    /**
     * Go's heap profile: {@code alloc_objects}, {@code alloc_space} from {@code allocated},
     * {@code inuse_objects}, {@code inuse_space} from {@code live}, and {@code defaultSampleType}
     * (one of the four) the type a reader shows first: Go's heap profile defaults to
     * {@code inuse_space}, its allocs profile to {@code alloc_space}.
     *
     * @throws IllegalArgumentException when {@code allocated} is not an allocation snapshot, or
     *     {@code live} is one
     */
    public static byte[] gzippedHeap(Snapshot allocated, Snapshot live, String defaultSampleType) {
        if (!allocated.isAllocationSnapshot() || live.isAllocationSnapshot()) {
            throw new IllegalArgumentException("a heap profile takes one allocation snapshot and one snapshot of live blocks");
        }
        return gzip(encode(List.of(allocated, live), defaultSampleType));
    }

    private static byte[] gzip(byte[] profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(profile);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory", e);
        }
        return out.toByteArray();
    }

    /** The profile of the snapshots' traces, not compressed: two sample types per snapshot, in order. */
    private static byte[] encode(List<Snapshot> snapshots, String defaultSampleType) {
        return new PprofProfile().profile(snapshots, defaultSampleType).toByteArray();
    }

    private static String sampleTypePrefix(Snapshot snapshot) {
        return snapshot.isAllocationSnapshot() ? "alloc" : "inuse";
    }

    private ProtobufWriter profile(List<Snapshot> snapshots, String defaultSampleType) {
        ProtobufWriter profile = new ProtobufWriter();
        List<Map<StackTotals.Stack, StackTotals.Sums>> totals = new ArrayList<>();
        Set<StackTotals.Stack> stacks = new LinkedHashSet<>();
        for (Snapshot snapshot : snapshots) {
            String prefix = sampleTypePrefix(snapshot);
            profile.message(1, valueType(prefix + "_objects", "count")).message(1, valueType(prefix + "_space", "bytes"));
            Map<StackTotals.Stack, StackTotals.Sums> sums = StackTotals.of(snapshot);
            totals.add(sums);
            stacks.addAll(sums.keySet());
        }
        for (StackTotals.Stack stack : stacks) {
            long[] values = new long[2 * totals.size()];
            for (int i = 0; i < totals.size(); i++) {
                StackTotals.Sums sums = totals.get(i).get(stack);
                if (sums != null) {
                    values[2 * i] = sums.count;
                    values[2 * i + 1] = sums.bytes;
                }
            }
            profile.message(2, new ProtobufWriter().packed(1, locations(stack)).packed(2, values));
        }
        locationIds.forEach((frame, id) -> profile.message(4, new ProtobufWriter()
                .varint(1, id)
                .message(4, new ProtobufWriter().varint(1, locationFunction.get(frame)).varint(2, frame.lineno()))));
        functionIds.forEach((nameAndFile, id) -> profile.message(5, new ProtobufWriter()
                .varint(1, id)
                .varint(2, string(nameAndFile.get(0)))
                .varint(3, string(nameAndFile.get(0)))
                .varint(4, string(nameAndFile.get(1)))));
        long defaultType = string(defaultSampleType);
        for (String text : strings) {
            profile.string(6, text);
        }
        return profile.varint(14, defaultType);
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
