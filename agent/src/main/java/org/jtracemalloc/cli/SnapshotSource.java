package org.jtracemalloc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.CorruptSnapshotException;

/**
 * Where the reading commands get a snapshot: a file written by {@code Snapshot.dump} (the agent's
 * {@code dumpOnExit}, the {@code snapshot} command), or a tracing JVM named by its PID, which
 * writes a snapshot to a temporary file for us.
 */
final class SnapshotSource {
    private SnapshotSource() {}

    /**
     * {@code fileOrPid}: an existing file, else a number is a PID, whose snapshot is settled (taken
     * after a full collection) when {@code settle} says so.
     */
    static Snapshot read(String fileOrPid, boolean settle, PrintWriter err) {
        Path file = Path.of(fileOrPid);
        if (!Files.exists(file) && fileOrPid.matches("[0-9]+")) {
            return live(Long.parseLong(fileOrPid), settle, err);
        }
        return load(file, err);
    }

    static Snapshot load(Path file, PrintWriter err) {
        Progress progress = Progress.start(err, "reading " + file + describeSize(file));
        try {
            return Snapshot.load(file);
        } catch (NoSuchFileException e) {
            throw new UnusableInputException("no such file: " + file, e);
        } catch (CorruptSnapshotException e) {
            throw new UnusableInputException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UnusableInputException("cannot read " + file + ": " + CommandFailedException.rootCause(e), e);
        } finally {
            progress.done();
        }
    }

    private static String describeSize(Path file) {
        try {
            return ", " + Bytes.describe(Files.size(file));
        } catch (IOException unknown) {
            return "";
        }
    }

    /** Has the JVM {@code pid} write a snapshot to a temporary file (it runs as our user), reads and deletes it. */
    private static Snapshot live(long pid, boolean settle, PrintWriter err) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("jtracemalloc");
            Path file = directory.resolve(pid + ".snap");
            try (TargetJvm target = AttachApi.attach(pid)) {
                Progress progress = Progress.start(err, "taking a snapshot of PID " + pid);
                try {
                    target.requireTracemalloc().takeSnapshot(file.toString(), settle);
                } finally {
                    progress.done();
                }
            }
            return load(file, err);
        } catch (IOException e) {
            throw new CommandFailedException("PID " + pid + ": " + CommandFailedException.rootCause(e), e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // a temporary file left behind in the temp directory is harmless
        }
    }
}
