package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Programs that tests run to their end: the agent jar's command-line tool, and the programs
 * outside the JDK ({@code go}, {@code chromium}; found with {@link ExternalTool}).
 */
final class ExternalPrograms {
    private ExternalPrograms() {}

    /** What a program did: exit code, stdout and stderr. */
    record CliRun(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs the command line tool ({@code java -jar} the agent jar) with {@code args}, in {@code dir}. */
    static CliRun jtracemalloc(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ForkedJvm.JAVA.toString(), "-jar", ForkedJvm.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        return run(dir, command, Map.of());
    }

    /**
     * Runs {@code command} to its end, with {@code environment} added to this JVM's, its output
     * kept in files of {@code dir}; fails the test after two minutes.
     */
    static CliRun run(Path dir, List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            fail("did not finish: " + command);
        }
        return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The first row under the "flat flat% sum% cum cum%" heading of {@code go tool pprof -top}, spaces collapsed. */
    static String pprofTopRow(String pprofTop) {
        List<String> lines = pprofTop.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).strip().startsWith("flat")) {
                return lines.get(i + 1).strip().replaceAll("\\s+", " ");
            }
        }
        throw new AssertionError("no table in:\n" + pprofTop);
    }
}
