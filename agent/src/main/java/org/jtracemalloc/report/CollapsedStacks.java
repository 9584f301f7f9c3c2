package org.jtracemalloc.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;

/**
 * Folded stacks, the input of Brendan Gregg's {@code flamegraph.pl} and of speedscope: one line
 * {@code frame;frame;frame bytes} per distinct stack, oldest frame first, the live bytes of all
 * its traces summed. Frames are named by {@link FrameNames}; traces outside the Java heap start
 * with a {@code [native memory]} (or {@code [domain N]}) root frame.
 *
 * <p>The format splits frames at {@code ;} and the count at the last space, so a {@code ;} in a
 * name (a class file chooses its own SourceFile text) becomes {@code :} and line breaks become
 * spaces. Lines are sorted, so that the same snapshot always gives the same file.
 */
public final class CollapsedStacks {
    private CollapsedStacks() {}

    public static List<String> lines(Snapshot snapshot) {
        Map<String, Long> bytesByStack = new TreeMap<>();
        // stacks of different frames may read the same (frames differ only in what is not printed)
        StackTotals.of(snapshot).forEach((stack, sums) -> bytesByStack.merge(text(stack), sums.bytes, Long::sum));
        List<String> lines = new ArrayList<>(bytesByStack.size());
        bytesByStack.forEach((stack, bytes) -> lines.add(stack + " " + bytes));
        return lines;
    }

    private static String text(StackTotals.Stack trace) {
        StringBuilder stack = new StringBuilder();
        String root = FrameNames.domainRoot(trace.domain());
        if (root != null) {
            stack.append(root);
        }
        for (Frame frame : trace.traceback()) { // oldest first
            if (stack.length() > 0) {
                stack.append(';');
            }
            stack.append(clean(FrameNames.frame(frame)));
        }
        return stack.toString();
    }

    private static String clean(String frame) {
        return frame.replace(';', ':').replaceAll("[\\r\\n\\u2028\\u2029]", " ");
    }
}
