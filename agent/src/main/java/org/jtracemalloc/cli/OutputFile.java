package org.jtracemalloc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes what a command produced to the file named by its {@code -o} option. */
final class OutputFile {
    private OutputFile() {}

    static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new CommandFailedException("cannot write " + file + ": " + CommandFailedException.rootCause(e), e);
        }
    }
}
