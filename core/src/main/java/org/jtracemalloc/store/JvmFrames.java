package org.jtracemalloc.store;

import org.jtracemalloc.Frame;

/** How a JVM code location becomes a tracemalloc {@link Frame}. */
final class JvmFrames {
    /** CPython's filename when the code object has none; also our frame for an unknown site. */
    static final String UNKNOWN_FILE = "<unknown>";

    private JvmFrames() {}

    /**
     * {@code filename} is the package path plus the SourceFile name ({@code java/util/HashMap.java}),
     * as javac lays out sources, or {@code <unknown>} when the class has no SourceFile attribute;
     * a negative line (none, or a native method) becomes 0, as CPython does. Some generated
     * classes (the JDK's method-handle species) carry a SourceFile that is already a path; it is
     * kept as it is rather than prefixed with the package a second time.
     */
    static Frame frame(String className, String methodName, String sourceFile, int line) {
        String binaryName = className == null ? null : className.replace('/', '.');
        String filename;
        if (sourceFile == null || binaryName == null) {
            filename = UNKNOWN_FILE;
        } else if (sourceFile.indexOf('/') >= 0) {
            filename = sourceFile;
        } else {
            int lastDot = binaryName.lastIndexOf('.');
            filename = lastDot < 0 ? sourceFile : binaryName.substring(0, lastDot + 1).replace('.', '/') + sourceFile;
        }
        return new Frame(filename, Math.max(line, 0), binaryName, methodName);
    }
}
