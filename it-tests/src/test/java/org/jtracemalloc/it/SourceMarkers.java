package org.jtracemalloc.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Line numbers of the {@code // site: NAME} markers in a test program's source. */
final class SourceMarkers {
    private final Path source;
    private final List<String> lines;

    private SourceMarkers(Path source, List<String> lines) {
        this.source = source;
        this.lines = lines;
    }

    /** The markers of {@code program}'s source file under {@code src/test/java}. */
    static SourceMarkers of(Class<?> program) {
        return of(Path.of("src/test/java", program.getName().replace('.', '/') + ".java"));
    }

    /** The markers of the source file {@code source}. */
    static SourceMarkers of(Path source) {
        try {
            return new SourceMarkers(source, Files.readAllLines(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int line(String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// site: " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line marked '" + marker + "' in " + source);
    }
}
