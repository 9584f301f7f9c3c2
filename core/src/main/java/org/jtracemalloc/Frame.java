package org.jtracemalloc;

import java.util.Objects;

/**
 * One frame of a traceback: a source file and a line, like Python's {@code tracemalloc.Frame}.
 *
 * <p>For JVM code {@code filename} is the package path plus the class file's SourceFile name
 * ({@code java/util/HashMap.java}) and {@code lineno} is 0 when the class has no line table.
 * {@code className} and {@code methodName} are extra JVM detail and may be null.
 */
public final class Frame implements Comparable<Frame> {
    private final String filename;
    private final int lineno;
    private final String className;
    private final String methodName;

    public Frame(String filename, int lineno) {
        this(filename, lineno, null, null);
    }

    public Frame(String filename, int lineno, String className, String methodName) {
        this.filename = Objects.requireNonNull(filename, "filename");
        this.lineno = lineno;
        this.className = className;
        this.methodName = methodName;
    }

    public String filename() {
        return filename;
    }

    public int lineno() {
        return lineno;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame f
                && lineno == f.lineno
                && filename.equals(f.filename)
                && Objects.equals(className, f.className)
                && Objects.equals(methodName, f.methodName);
    }

    @Override
    public int hashCode() {
        return (filename.hashCode() * 31 + lineno) * 31 + Objects.hash(className, methodName);
    }

    @Override
    public String toString() {
        return filename + ":" + lineno;
    }

    @Override
    public int compareTo(Frame other) {
        return 0; // TODO(model): code-point order of filename, then lineno, className, methodName
    }
}
