package org.jtracemalloc.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds the line of a marker comment in a test source file, so that no test hard-codes a line number. */
final class SourceLines {
    private SourceLines() {}

    /** The 1-based line of {@code sourceFile} (under src/test/java) that ends with {@code // marker}. */
    static int lineOf(String sourceFile, String marker) {
        try {
            List<String> lines = Files.readAllLines(Path.of("src/test/java", sourceFile));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("// " + marker)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no line ends with // " + marker + " in " + sourceFile);
    }
}
