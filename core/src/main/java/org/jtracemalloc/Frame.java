package org.jtracemalloc;

import java.util.Comparator;
import java.util.Objects;

/**
 * One frame of a traceback: a source file and a line, like Python's {@code tracemalloc.Frame}.
 *
 * <p>For JVM code {@code filename} is the package path plus the class file's SourceFile name
 * ({@code java/util/HashMap.java}) and {@code lineno} is 0 when the class has no line table.
 * {@code className} and {@code methodName} are extra JVM detail and may be null; they take part in
 * equality and ordering, but never in what {@link #toString()} prints.
 *
 * <p>Immutable. Ordered like Python's {@code (filename, lineno)} tuples: filename by Unicode code
 * point, then lineno; then className and methodName (nulls first), so that the order agrees with
 * {@link #equals(Object)}.
 */
public final class Frame implements Comparable<Frame> {
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(PythonStrings::compare);

    private final String filename;
    private final int lineno;
    private final String className;
    private final String methodName;
    private final int hash;
    /** Whether comparing filenames needs {@link PythonStrings#compare}, not the faster String.compareTo. */
    private final boolean filenameHasHighUnits;

    public Frame(String filename, int lineno) {
        this(filename, lineno, null, null);
    }

    public Frame(String filename, int lineno, String className, String methodName) {
        this.filename = Objects.requireNonNull(filename, "filename");
        this.lineno = lineno;
        this.className = className;
        this.methodName = methodName;
        this.hash = ((filename.hashCode() * 31 + lineno) * 31 + Objects.hashCode(className)) * 31
                + Objects.hashCode(methodName);
        this.filenameHasHighUnits = PythonStrings.hasHighUnits(filename);
    }

    public String filename() {
        return filename;
    }

    public int lineno() {
        return lineno;
    }

    /** The binary name of the class ({@code com.example.Foo$Bar}), or null when unknown. */
    public String className() {
        return className;
    }

    /** The method's name ({@code <init>} for constructors), or null when unknown. */
    public String methodName() {
        return methodName;
    }

    /** This frame without className and methodName: the key CPython's statistics group by. */
    Frame withoutMethod() {
        return className == null && methodName == null ? this : new Frame(filename, lineno);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof Frame f
                && hash == f.hash
                && lineno == f.lineno
                && filename.equals(f.filename)
                && Objects.equals(className, f.className)
                && Objects.equals(methodName, f.methodName);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Frame other) {
        if (this == other) {
            return 0;
        }
        int c = filenameHasHighUnits || other.filenameHasHighUnits
                ? PythonStrings.compare(filename, other.filename)
                : filename.compareTo(other.filename);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(lineno, other.lineno);
        if (c != 0) {
            return c;
        }
        c = NULLS_FIRST.compare(className, other.className);
        return c != 0 ? c : NULLS_FIRST.compare(methodName, other.methodName);
    }

    /** Python's {@code str(frame)}: {@code filename:lineno}. */
    @Override
    public String toString() {
        return filename + ":" + lineno;
    }

    /**
     * Python's {@code repr(frame)}: {@code <Frame filename='a.py' lineno=2>}. When the JVM method
     * is known it follows as {@code  className='...' methodName='...'} before the {@code >}.
     */
    public String repr() {
        StringBuilder out = new StringBuilder("<Frame filename=")
                .append(PythonStrings.repr(filename))
                .append(" lineno=")
                .append(lineno);
        if (className != null) {
            out.append(" className=").append(PythonStrings.repr(className));
        }
        if (methodName != null) {
            out.append(" methodName=").append(PythonStrings.repr(methodName));
        }
        return out.append('>').toString();
    }
}
