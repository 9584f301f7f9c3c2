package org.jtracemalloc;

/**
 * Where {@link Traceback#format(Integer, boolean, SourceLines)} finds the source line of a frame:
 * the JVM's stand-in for Python's {@code linecache.getline}. Class files carry no source text, so
 * the plain {@code format} overloads use {@link #NONE}; a caller that has the sources (a source
 * directory, an IDE) can supply them.
 */
@FunctionalInterface
public interface SourceLines {

    /** Knows no source: every frame prints as its {@code File} line alone. */
    SourceLines NONE = (filename, lineno) -> null;

    /**
     * The text of line {@code lineno} (1-based) of {@code filename}, or null or blank when unknown.
     * It is printed stripped of leading and trailing whitespace, as CPython strips it.
     */
    String line(String filename, int lineno);
}
