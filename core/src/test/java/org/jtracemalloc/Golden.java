package org.jtracemalloc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPython golden vectors ({@code tracemalloc-golden.json}, found through the system property
 * {@code jtracemalloc.reference}) turned into this package's objects.
 */
final class Golden {
    private static JsonNode root;

    private Golden() {}

    static synchronized JsonNode root() {
        if (root == null) {
            String dir = System.getProperty("jtracemalloc.reference", "../shared/reference");
            try {
                root = new ObjectMapper().readTree(Path.of(dir, "tracemalloc-golden.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** The named snapshots of the vectors (S1, S2, TIES, ...). */
    static Map<String, Snapshot> snapshots() {
        Map<String, Snapshot> result = new LinkedHashMap<>();
        root().get("snapshots").fields().forEachRemaining(entry -> result.put(entry.getKey(),
                new Snapshot(traces(entry.getValue().get("raw_traces")), entry.getValue().get("traceback_limit").asInt())));
        return result;
    }

    /** Raw traces {@code [domain, size, [[filename, lineno], ...] most recent first, total_nframe]}. */
    static List<Trace> traces(JsonNode rawTraces) {
        List<Trace> traces = new ArrayList<>();
        for (JsonNode raw : rawTraces) {
            traces.add(new Trace(raw.get(0).asInt(), raw.get(1).asLong(), traceback(raw.get(2), raw.get(3))));
        }
        return traces;
    }

    static Traceback traceback(JsonNode rawFramesMostRecentFirst, JsonNode totalNframe) {
        return new Traceback(frames(rawFramesMostRecentFirst), totalNframe.isNull() ? null : totalNframe.asInt());
    }

    /** Frames in the order the JSON lists them. */
    static List<Frame> frames(JsonNode rawFrames) {
        List<Frame> frames = new ArrayList<>();
        for (JsonNode frame : rawFrames) {
            frames.add(new Frame(frame.get(0).asText(), frame.get(1).asInt()));
        }
        return frames;
    }

    static List<String> strings(JsonNode array) {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(node.asText()));
        return result;
    }

    static List<String> field(JsonNode array, String name) {
        List<String> result = new ArrayList<>();
        array.forEach(node -> result.add(node.get(name).asText()));
        return result;
    }

    static BaseFilter filter(JsonNode spec) {
        boolean inclusive = spec.get("inclusive").asBoolean();
        switch (spec.get("type").asText()) {
            case "Filter":
                return new Filter(inclusive, spec.get("filename_pattern").asText(), integer(spec.get("lineno")),
                        spec.get("all_frames").asBoolean(), integer(spec.get("domain")));
            case "DomainFilter":
                return new DomainFilter(inclusive, spec.get("domain").asInt());
            default:
                throw new IllegalArgumentException("unknown filter type in golden vectors: " + spec);
        }
    }

    private static Integer integer(JsonNode node) {
        return node.isNull() ? null : node.asInt();
    }
}
