package org.jtracemalloc.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A program some tests run (go, chromium, mvn), found on the PATH. When it is missing the test
 * fails under CI (environment variable {@code CI=true}, as CI services set it) and is skipped
 * elsewhere, so that a newcomer's first {@code mvn verify} passes; the message names the Debian
 * package either way.
 */
final class ExternalTool {
    private ExternalTool() {}

    static Path required(String program, String debianPackage) {
        Optional<Path> found = List.of(System.getenv("PATH").split(File.pathSeparator)).stream()
                .map(entry -> Path.of(entry, program))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String missing = program + " is not on the PATH: install the Debian package " + debianPackage;
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + " (required with CI=true)");
        }
        String skipped = missing + " (skipped outside CI; required with CI=true)";
        // Surefire counts skipped tests but does not print why; the test's stderr reaches the console.
        System.err.println("[skipped] " + skipped);
        return Assumptions.abort(skipped);
    }
}
