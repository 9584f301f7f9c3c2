package org.jtracemalloc;

import java.util.Objects;

/**
 * Keeps (inclusive) or drops (exclusive) traces by file name, line and domain, like Python's
 * {@code tracemalloc.Filter}. Immutable (CPython's attributes other than filename_pattern are
 * writable).
 *
 * <p>The pattern is a shell glob with {@code fnmatch}'s exact meaning on POSIX: {@code *} also
 * matches {@code /}, {@code ?}, {@code [seq]}, {@code [!seq]}, no escape character, case
 * sensitive. CPython's normalisation is kept as it is: a trailing {@code .pyc} becomes {@code .py}
 * in the pattern and in every file name; no JVM file name is changed by it.
 */
public final class Filter implements BaseFilter {
    private final boolean inclusive;
    private final String filenamePattern;
    private final Integer lineno;
    private final boolean allFrames;
    private final Integer domain;
    private final Glob glob;

    /** A filter on the allocating frame's file name, any line, any domain. */
    public Filter(boolean inclusive, String filenamePattern) {
        this(inclusive, filenamePattern, null, false, null);
    }

    /**
     * @param lineno the line to match, or null for any line
     * @param allFrames match any frame of the traceback, not only the allocating (most recent) one
     * @param domain the domain to match, or null for any domain. An inclusive filter keeps the
     *     traces that match the file AND are in the domain; an exclusive one drops the traces that
     *     match the file AND are in the domain.
     */
    public Filter(boolean inclusive, String filenamePattern, Integer lineno, boolean allFrames, Integer domain) {
        this.inclusive = inclusive;
        this.filenamePattern = normalize(Objects.requireNonNull(filenamePattern, "filenamePattern"));
        this.lineno = lineno;
        this.allFrames = allFrames;
        this.domain = domain;
        this.glob = Glob.compile(this.filenamePattern);
    }

    /** CPython's {@code _normalize_filename} on POSIX: {@code x.pyc} becomes {@code x.py}. */
    private static String normalize(String filename) {
        return filename.endsWith(".pyc") ? filename.substring(0, filename.length() - 1) : filename;
    }

    @Override
    public boolean inclusive() {
        return inclusive;
    }

    /** The pattern as normalised ({@code .pyc} ending turned into {@code .py}). */
    public String filenamePattern() {
        return filenamePattern;
    }

    /** The line to match, or null for any line. */
    public Integer lineno() {
        return lineno;
    }

    public boolean allFrames() {
        return allFrames;
    }

    /** The domain to match, or null for any domain. */
    public Integer domain() {
        return domain;
    }

    /**
     * Whether a trace passes this filter (CPython's {@code _match}), given whether its traceback
     * passes ({@link #matchTraceback}) and its domain. Split in two so that callers reuse the
     * traceback's answer for every trace that shares the traceback.
     */
    boolean test(boolean tracebackPasses, int traceDomain) {
        if (domain == null) {
            return tracebackPasses;
        }
        return inclusive ? tracebackPasses && traceDomain == domain : tracebackPasses || traceDomain != domain;
    }

    /** Whether a trace with this traceback passes, domain aside (CPython's {@code _match_traceback}). */
    boolean matchTraceback(Traceback traceback) {
        if (!allFrames) {
            Frame frame = traceback.mostRecent();
            return matchFrame(frame.filename(), frame.lineno());
        }
        for (Frame frame : traceback) {
            if (matchesFile(frame.filename(), frame.lineno())) {
                return inclusive;
            }
        }
        return !inclusive;
    }

    /** Whether a frame passes, domain aside (CPython's {@code _match_frame}). */
    boolean matchFrame(String filename, int lineno) {
        return matchesFile(filename, lineno) == inclusive;
    }

    private boolean matchesFile(String filename, int line) {
        return glob.matches(normalize(filename)) && (lineno == null || lineno == line);
    }
}
