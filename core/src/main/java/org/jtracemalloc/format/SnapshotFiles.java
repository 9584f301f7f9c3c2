package org.jtracemalloc.format;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jtracemalloc.CorruptSnapshotException;
import org.jtracemalloc.Snapshot;

/**
 * Reads and writes snapshot files in the format of {@code docs/snapshot-format.md}.
 *
 * <p>Writing goes to a temporary file beside the target that is then moved over it, so a failed
 * or interrupted dump never leaves a half-written file where a good one was.
 */
public final class SnapshotFiles {
    /** Java arrays stop a little short of Integer.MAX_VALUE. */
    private static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

    private SnapshotFiles() {}

    public static void write(Snapshot snapshot, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                write(snapshot, channel);
                channel.force(false);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes the bytes a snapshot file holds to {@code out}, which stays open. */
    public static void write(Snapshot snapshot, WritableByteChannel out) throws IOException {
        try {
            SnapshotEncoder.encode(snapshot, out);
        } catch (UncheckedIOException e) {
            throw e.getCause(); // a snapshot too large to encode
        }
    }

    public static Snapshot read(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_FILE_SIZE) {
                throw new CorruptSnapshotException(name + ": too large for a snapshot file (" + size
                        + " bytes, at most " + MAX_FILE_SIZE + ") at byte " + MAX_FILE_SIZE, MAX_FILE_SIZE);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException(name + ": file shrank while being read, at byte " + buffer.position());
                }
            }
            return SnapshotDecoder.decode(buffer.array(), name);
        }
    }
}
