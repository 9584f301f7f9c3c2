package org.jtracemalloc;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The frames that led to an allocation, like Python's {@code tracemalloc.Traceback}. Given most
 * recent call first, as Java stack traces and CPython's constructor take them; exposed oldest
 * first ({@code get(0)} is the oldest, {@code get(size() - 1)} the allocating frame), as CPython
 * 3.7+ does.
 *
 * <p>An immutable, read-only {@link List}. Equality and hash cover the frames only, not
 * {@link #totalNframe()}. Ordered like Python tuples of frames, oldest first: frame by frame, and a
 * proper prefix is smaller. The hash is computed once, because snapshots group millions of traces
 * by their (shared) traceback.
 */
public final class Traceback extends AbstractList<Frame> implements RandomAccess, Comparable<Traceback> {
    private final Frame[] frames; // oldest first
    private final Integer totalNframe;
    private final int hash;

    /** @param framesMostRecentFirst the frames, the allocating one first */
    public Traceback(List<Frame> framesMostRecentFirst) {
        this(framesMostRecentFirst, null);
    }

    /**
     * @param framesMostRecentFirst the frames, the allocating one first
     * @param totalNframe how many frames the stack had before it was cut to the traceback
     *     limit, or null when unknown
     */
    public Traceback(List<Frame> framesMostRecentFirst, Integer totalNframe) {
        this(reversed(framesMostRecentFirst), totalNframe);
    }

    private Traceback(Frame[] oldestFirst, Integer totalNframe) {
        this.frames = oldestFirst;
        this.totalNframe = totalNframe;
        this.hash = Arrays.hashCode(oldestFirst); // the List.hashCode formula
    }

    private static Frame[] reversed(List<Frame> mostRecentFirst) {
        Frame[] result = new Frame[mostRecentFirst.size()];
        int i = result.length;
        for (Frame frame : mostRecentFirst) {
            result[--i] = Objects.requireNonNull(frame, "frame");
        }
        return result;
    }

    /** A traceback of one frame, with no totalNframe: a statistics key. */
    static Traceback of(Frame frame) {
        return new Traceback(new Frame[] {frame}, null);
    }

    /** The same frames with no totalNframe, as CPython's statistics keys have. */
    Traceback withoutTotalNframe() {
        return totalNframe == null ? this : new Traceback(frames, null);
    }

    /**
     * How many frames the stack had when the allocation was traced, before it was cut to the
     * traceback limit; null when unknown (as for every traceback that statistics build).
     */
    public Integer totalNframe() {
        return totalNframe;
    }

    @Override
    public Frame get(int index) {
        return frames[index];
    }

    @Override
    public int size() {
        return frames.length;
    }

    /** The allocating frame; the only one that {@code Filter} looks at unless allFrames is set. */
    Frame mostRecent() {
        if (frames.length == 0) {
            throw emptyTraceback();
        }
        return frames[frames.length - 1];
    }

    private static IndexOutOfBoundsException emptyTraceback() {
        return new IndexOutOfBoundsException("tuple index out of range");
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other instanceof Traceback t) {
            return hash == t.hash && Arrays.equals(frames, t.frames);
        }
        return super.equals(other); // any List with the same frames, per the List contract
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Traceback other) {
        if (frames == other.frames) {
            return 0;
        }
        int n = Math.min(frames.length, other.frames.length);
        for (int i = 0; i < n; i++) {
            int c = frames[i].compareTo(other.frames[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(frames.length, other.frames.length);
    }

    /**
     * Python's {@code str(traceback)}: the OLDEST frame, {@code filename:lineno}.
     *
     * @throws IndexOutOfBoundsException "tuple index out of range" when there is no frame, as
     *     CPython raises {@code IndexError}
     */
    @Override
    public String toString() {
        if (frames.length == 0) {
            throw emptyTraceback();
        }
        return frames[0].toString();
    }

    /**
     * Python's {@code repr(traceback)}: {@code <Traceback (<Frame ...>, <Frame ...>) total_nframe=3>},
     * frames oldest first, a one-frame tuple with its trailing comma, and no total_nframe part
     * when it is null.
     */
    public String repr() {
        StringBuilder out = new StringBuilder("<Traceback (");
        for (int i = 0; i < frames.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(frames[i].repr());
        }
        if (frames.length == 1) {
            out.append(',');
        }
        out.append(')');
        if (totalNframe != null) {
            out.append(" total_nframe=").append(totalNframe);
        }
        return out.append('>').toString();
    }

    /** All frames, oldest first, as {@code File} lines; see {@link #format(Integer, boolean, SourceLines)}. */
    public List<String> format() {
        return format(null, false, SourceLines.NONE);
    }

    /** See {@link #format(Integer, boolean, SourceLines)}; the JVM has no source lines to add. */
    public List<String> format(Integer limit) {
        return format(limit, false, SourceLines.NONE);
    }

    /** See {@link #format(Integer, boolean, SourceLines)}; the JVM has no source lines to add. */
    public List<String> format(Integer limit, boolean mostRecentFirst) {
        return format(limit, mostRecentFirst, SourceLines.NONE);
    }

    /**
     * Python's {@code traceback.format(limit, most_recent_first)}: one line
     * {@code   File "java/util/HashMap.java", line 123} per frame, followed by
     * {@code , in java.util.HashMap.put} when the frame knows its class and method, then the
     * stripped source line indented by four spaces when {@code source} knows it. No line ends with
     * a newline.
     *
     * @param limit null for all frames; {@code n > 0} for the n most recent frames; {@code n <= 0}
     *     for all but the {@code |n|} most recent frames (CPython's {@code frames[:n]}, which the
     *     Python documentation describes wrongly)
     * @param mostRecentFirst print the allocating frame first (after the limit is applied)
     */
    public List<String> format(Integer limit, boolean mostRecentFirst, SourceLines source) {
        int from = 0;
        int to = frames.length;
        if (limit != null) {
            if (limit > 0) {
                from = Math.max(0, frames.length - limit);
            } else {
                to = limit == 0 ? 0 : Math.max(0, frames.length + limit); // frames[:0] is empty
            }
        }
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < to - from; k++) {
            Frame frame = frames[mostRecentFirst ? to - 1 - k : from + k];
            StringBuilder line = new StringBuilder("  File \"")
                    .append(frame.filename())
                    .append("\", line ")
                    .append(frame.lineno());
            if (frame.className() != null && frame.methodName() != null) {
                line.append(", in ").append(frame.className()).append('.').append(frame.methodName());
            }
            lines.add(line.toString());
            String text = source.line(frame.filename(), frame.lineno());
            if (text != null) {
                text = PythonStrings.strip(text);
                if (!text.isEmpty()) {
                    lines.add("    " + text);
                }
            }
        }
        return lines;
    }
}
