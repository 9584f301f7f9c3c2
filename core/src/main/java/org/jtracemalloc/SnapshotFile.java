package org.jtracemalloc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.jtracemalloc.format.SnapshotCodec;

/**
 * {@link Snapshot#dump} and {@link Snapshot#load}: snapshot files, their bytes made and read by
 * the format ({@link SnapshotCodec}, {@code docs/snapshot-format.md}).
 *
 * <p>Writing goes to a temporary file beside the target that is then moved over it, so a failed
 * or interrupted dump never leaves a half-written file where a good one was.
 */
final class SnapshotFile {
    /** Java arrays stop a little short of Integer.MAX_VALUE. */
    private static final long MAX_FILE_SIZE = Integer.MAX_VALUE - 8;

    private SnapshotFile() {}

    static void write(Snapshot snapshot, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                SnapshotCodec.encode(snapshot, channel);
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

    static Snapshot read(Path file) throws IOException {
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
            return SnapshotCodec.decode(buffer.array(), name);
        }
    }
}
