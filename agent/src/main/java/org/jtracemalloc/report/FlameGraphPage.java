package org.jtracemalloc.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jtracemalloc.Frame;
import org.jtracemalloc.KeyType;
import org.jtracemalloc.SizeFormat;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.StatisticDiff;

/**
 * One self-contained HTML page (inline style and script, no network: its Content-Security-Policy
 * forbids any fetch) with a flame graph of live bytes by traceback, root at the bottom; a click on
 * a frame zooms to it, a search box highlights frames containing a text, and a table lists the top
 * lines. With an old snapshot, frame widths are the new live bytes and colours the change: red
 * for growth, blue for shrinkage (stacks that are gone have no width; the table lists them).
 *
 * <p>Names come from class files, which choose their own SourceFile text, so the page's markup
 * holds none: all data is one JSON blob in a {@code <script type="application/json">} element,
 * escaped by {@link Json}, and the script builds the page with {@code textContent} only.
 */
public final class FlameGraphPage {
    private static final String TEMPLATE = "flamegraph.html";
    private static final String PLACEHOLDER = "/*DATA*/";
    static final int TABLE_ROWS = 25;

    private FlameGraphPage() {}

    /** The page for {@code snapshot}; {@code old} null for a plain flame graph, else a differential one. */
    public static String html(Snapshot snapshot, Snapshot old, String title) {
        String template = template();
        int at = template.indexOf(PLACEHOLDER);
        return template.substring(0, at) + data(snapshot, old, title) + template.substring(at + PLACEHOLDER.length());
    }

    private static String template() {
        try (InputStream in = FlameGraphPage.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node of the merged call tree: a frame on a path from the root, with the bytes under it. */
    private static final class Node {
        final String name;
        final Map<String, Node> children = new TreeMap<>(); // alphabetical, as flamegraph.pl orders
        long bytes;
        long oldBytes;

        Node(String name) {
            this.name = name;
        }

        Node child(String childName) {
            return children.computeIfAbsent(childName, Node::new);
        }
    }

    static String data(Snapshot snapshot, Snapshot old, String title) {
        Node root = new Node("all");
        add(root, snapshot, false);
        if (old != null) {
            add(root, old, true);
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> nameIndex = new HashMap<>();
        StringBuilder json = new StringBuilder("{\"title\":");
        Json.string(json, title);
        json.append(",\"summary\":");
        Json.string(json, summary(snapshot, old, root));
        json.append(",\"diff\":").append(old != null);
        json.append(",\"root\":");
        node(json, root, names, nameIndex);
        json.append(",\"names\":[");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            Json.string(json, names.get(i));
        }
        json.append("]");
        table(json, snapshot, old);
        return json.append('}').toString();
    }

    private static void add(Node root, Snapshot snapshot, boolean isOld) {
        StackTotals.of(snapshot).forEach((stack, sums) -> {
            Node node = root;
            count(node, sums.bytes, isOld);
            String domainRoot = FrameNames.domainRoot(stack.domain());
            if (domainRoot != null) {
                node = node.child(domainRoot);
                count(node, sums.bytes, isOld);
            }
            for (Frame frame : stack.traceback()) { // oldest first: the root of the flame
                node = node.child(FrameNames.frame(frame));
                count(node, sums.bytes, isOld);
            }
        });
    }

    private static void count(Node node, long size, boolean isOld) {
        if (isOld) {
            node.oldBytes += size;
        } else {
            node.bytes += size;
        }
    }

    /** {@code [nameIndex, bytes, delta, [children]]}; subtrees with no live bytes now are left out. */
    private static void node(StringBuilder json, Node node, List<String> names, Map<String, Integer> nameIndex) {
        Integer index = nameIndex.get(node.name);
        if (index == null) {
            index = names.size();
            names.add(node.name);
            nameIndex.put(node.name, index);
        }
        json.append('[').append(index).append(',').append(node.bytes).append(',').append(node.bytes - node.oldBytes).append(",[");
        boolean first = true;
        for (Node child : node.children.values()) {
            if (child.bytes == 0) {
                continue;
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            node(json, child, names, nameIndex);
        }
        json.append("]]");
    }

    private static String summary(Snapshot snapshot, Snapshot old, Node root) {
        String now = snapshot.traces().size() + " traces, " + SizeFormat.format(root.bytes, false) + " live";
        if (old == null) {
            return now + "; width: live bytes. Click a frame to zoom.";
        }
        return now + " (" + SizeFormat.format(root.bytes - root.oldBytes, true) + " since the old snapshot of "
                + old.traces().size() + " traces); width: live bytes now, red: growth, blue: shrinkage. Click a frame to zoom.";
    }

    private static void table(StringBuilder json, Snapshot snapshot, Snapshot old) {
        List<List<String>> rows = new ArrayList<>();
        List<String> columns;
        String tableTitle;
        if (old == null) {
            tableTitle = "Top lines by live memory";
            columns = List.of("#", "Line", "Size", "Count");
            List<Statistic> statistics = snapshot.statistics(KeyType.LINENO);
            for (Statistic stat : statistics.subList(0, Math.min(TABLE_ROWS, statistics.size()))) {
                rows.add(List.of(stat.traceback().toString(), SizeFormat.format(stat.size(), false), Long.toString(stat.count())));
            }
        } else {
            tableTitle = "Top lines by change";
            columns = List.of("#", "Line", "Size", "Change", "Count", "Count change");
            List<StatisticDiff> differences = snapshot.compareTo(old, KeyType.LINENO);
            for (StatisticDiff stat : differences.subList(0, Math.min(TABLE_ROWS, differences.size()))) {
                rows.add(List.of(stat.traceback().toString(), SizeFormat.format(stat.size(), false),
                        SizeFormat.format(stat.sizeDiff(), true), Long.toString(stat.count()),
                        (stat.countDiff() > 0 ? "+" : "") + stat.countDiff()));
            }
        }
        json.append(",\"tableTitle\":");
        Json.string(json, tableTitle);
        json.append(",\"columns\":");
        strings(json, columns);
        json.append(",\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            strings(json, rows.get(i));
        }
        json.append(']');
    }

    private static void strings(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            Json.string(json, values.get(i));
        }
        json.append(']');
    }
}
