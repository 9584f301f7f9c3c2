package org.jtracemalloc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Traceback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot names the application's classes, methods and files: a dump is readable and writable
 * by its owner only (docs/configuration.md, "A hardened deployment"), whatever the umask, and
 * also when it replaces a file that others could read.
 */
class SnapshotFilePermissionsTest {
    @TempDir
    Path dir;

    @Test
    void aDumpIsForItsOwnerOnly() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "permissions are POSIX ones");
        Snapshot snapshot = new Snapshot(List.of(new Trace(0, 16, new Traceback(List.of(new Frame("a/A.java", 3)), null))), 1);

        Path fresh = dir.resolve("fresh.snapshot");
        snapshot.dump(fresh);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

        Path replaced = Files.createFile(dir.resolve("replaced.snapshot"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        snapshot.dump(replaced);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(replaced)));
    }
}
