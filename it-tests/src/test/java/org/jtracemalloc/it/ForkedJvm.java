package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program of this module's test classes in a new JVM, with the {@code java} of the JDK
 * running the tests (so the JDK 25 build tests JDK 25) and, unless told otherwise, the real agent
 * jar. The program's class path holds only the test classes (and what the test adds): the
 * jtracemalloc API comes from the agent jar, as it would for an application.
 */
final class ForkedJvm {
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    static final Path AGENT_JAR = Path.of(System.getProperty("jtracemalloc.agent.jar"));
    private static final long TIMEOUT_SECONDS = 120;

    private final List<String> jvmOptions = new ArrayList<>();
    private final List<Path> classPath = new ArrayList<>();

    private ForkedJvm() {
        classPath.add(codeSourceOf(ForkedJvm.class));
    }

    /** A JVM started with {@code -javaagent:<agent jar>[=agentArgs]} (agentArgs null: none). */
    static ForkedJvm withAgent(String agentArgs) {
        ForkedJvm jvm = new ForkedJvm();
        jvm.jvmOptions.add("-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs));
        return jvm;
    }

    /** A JVM started without the agent (its jar may still be put on the class path). */
    static ForkedJvm withoutAgent() {
        return new ForkedJvm();
    }

    ForkedJvm option(String jvmOption) {
        jvmOptions.add(jvmOption);
        return this;
    }

    ForkedJvm classPath(Path entry) {
        classPath.add(entry);
        return this;
    }

    /** Runs {@code mainClass} with {@code args} to completion. */
    Result run(Class<?> mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(command(mainClass));
        command.addAll(List.of(args));
        return runToCompletion(command);
    }

    /** Starts {@code mainClass} with {@code args}: its stdin piped from the caller, its stderr merged into its stdout. */
    Process start(Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(command(mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Runs the command-line tool, {@code java -jar <agent jar> args}, to completion. */
    static Result tool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", AGENT_JAR.toString()));
        command.addAll(List.of(args));
        return runToCompletion(command);
    }

    private List<String> command(Class<?> mainClass) {
        List<String> command = new ArrayList<>();
        command.add(JAVA.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(mainClass.getName());
        return command;
    }

    private static Result runToCompletion(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("forked", ".out");
        Path err = Files.createTempFile("forked", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("timed out after " + TIMEOUT_SECONDS + " s: " + command + "\nstderr:\n" + Files.readString(err));
            }
            return new Result(command, process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the program did: exit code, stdout lines, stderr text. */
    record Result(List<String> command, int exitCode, List<String> stdout, String stderr) {
        /** The words after {@code key} on the stdout line that starts with {@code key + " "}. */
        List<String> values(String key) {
            return stdout.stream()
                    .filter(line -> line.startsWith(key + " "))
                    .findFirst()
                    .map(line -> List.of(line.substring(key.length() + 1).split(" ")))
                    .orElseThrow(() -> new AssertionError("no '" + key + "' line in the output of " + this));
        }

        long number(String key) {
            return Long.parseLong(values(key).get(0));
        }

        @Override
        public String toString() {
            return command + " exited " + exitCode + "\nstdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + stderr;
        }
    }
}
