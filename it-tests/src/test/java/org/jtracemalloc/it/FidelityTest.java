package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jtracemalloc.it.app.FidelityWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy harness (docs/fidelity.md): the same single-threaded workload runs without and
 * with the agent, both with {@code -XX:-DoEscapeAnalysis} (so the plain run does not scalar-replace
 * what the instrumented run must put on the heap); the bytes the JVM counted for the thread in the
 * plain run are compared with the bytes jtracemalloc counted in the traced run.
 */
class FidelityTest {
    private static final int ITERATIONS = 20_000;
    private static final double LOW = 0.98;
    private static final double HIGH = 1.02;

    /** The mixed patterns seen in full: bytes within the bar and exactly the expected objects. */
    private static final Set<String> SEEN = Set.of(
            "new", "primitiveArrays", "objectArray", "multiArrays", "arrayListGrowth", "hashMapGrowth",
            "stringBuilderGrowth", "nonCapturingLambda", "stringConcatenation", "boxingAboveCache",
            "enhancedForIterator");
    /** The best bound reached for the whole mixed workload (measured in docs/fidelity.md). */
    private static final double MIXED_TOTAL_LOW = 0.90;
    /** The best bound reached for javac compiling commons-lang3 (measured in docs/fidelity.md). */
    private static final double JAVAC_LOW = 0.84;

    @Test
    void mixedWorkloadIsTracedByteForByte() throws Exception {
        Map<String, Measured> measured = measure(List.of("mixed", Integer.toString(ITERATIONS)));
        long jvm = 0;
        long traced = 0;
        for (Measured pattern : measured.values()) {
            jvm += pattern.jvmBytes;
            traced += pattern.tracedBytes;
        }
        double total = ratio(traced, jvm);
        System.out.printf("mixed workload total: traced/allocated = %.4f (%d / %d bytes)%n", total, traced, jvm);
        for (String name : SEEN) {
            Measured pattern = measured.get(name);
            assertTrue(pattern.jvmBytes == 0 ? pattern.tracedBytes == 0 : within(pattern.ratio()), pattern::toString);
            assertEquals(pattern.expectedObjects, pattern.tracedObjects, pattern::toString);
        }
        assertTrue(total >= MIXED_TOTAL_LOW && total <= HIGH, () -> "mixed total ratio " + total);
    }

    @Test
    void javacCompilingCommonsLangIsTracedWithinTheMeasuredBound(@TempDir Path sources) throws Exception {
        unpack(Path.of(System.getProperty("jtracemalloc.fidelity.sources.jar")), sources);
        Measured javac = measure(List.of("javac", sources.toString())).get("javac");
        assertTrue(javac.ratio() >= JAVAC_LOW && javac.ratio() <= HIGH, javac::toString);
    }

    private static boolean within(double ratio) {
        return ratio >= LOW && ratio <= HIGH;
    }

    private static double ratio(long traced, long jvm) {
        return jvm == 0 ? 0 : (double) traced / jvm;
    }

    /** Runs the workload plain and traced; per pattern, the plain run's JVM bytes and the traced run's counts. */
    private static Map<String, Measured> measure(List<String> workload) throws IOException, InterruptedException {
        String[] plainArgs = arguments("plain", workload);
        String[] tracedArgs = arguments("traced", workload);
        ForkedJvm.Result plain = ForkedJvm.withoutAgent().option("-XX:-DoEscapeAnalysis").run(FidelityWorkload.class, plainArgs);
        assertEquals(0, plain.exitCode(), plain::toString);
        ForkedJvm.Result traced = ForkedJvm.withAgent(null).option("-XX:-DoEscapeAnalysis").run(FidelityWorkload.class, tracedArgs);
        assertEquals(0, traced.exitCode(), traced::toString);
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (String line : traced.stdout()) {
            if (line.startsWith("pattern ")) {
                String[] words = line.split(" ");
                long jvmBytes = Long.parseLong(plain.values("pattern " + words[1]).get(0));
                measured.put(words[1], new Measured(words[1], jvmBytes, Long.parseLong(words[3]),
                        Long.parseLong(words[4]), Long.parseLong(words[5])));
            }
        }
        System.out.println("JDK " + Runtime.version() + ", " + String.join(" ", workload));
        measured.values().forEach(System.out::println);
        traced.stdout().stream().filter(line -> line.startsWith("site ")).forEach(System.out::println);
        return measured;
    }

    private static String[] arguments(String mode, List<String> workload) {
        String[] arguments = new String[workload.size() + 1];
        arguments[0] = mode;
        for (int i = 0; i < workload.size(); i++) {
            arguments[i + 1] = workload.get(i);
        }
        return arguments;
    }

    private static void unpack(Path jar, Path directory) throws IOException {
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = directory.resolve(entry.getName()).normalize();
                if (!entry.isDirectory() && entry.getName().endsWith(".java") && target.startsWith(directory)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }

    /** One pattern: the plain run's JVM bytes, the traced run's jtracemalloc bytes and objects. */
    private record Measured(String name, long jvmBytes, long tracedBytes, long tracedObjects, long expectedObjects) {
        double ratio() {
            return FidelityTest.ratio(tracedBytes, jvmBytes);
        }

        @Override
        public String toString() {
            return String.format("%-24s allocated %11d B  traced %11d B  ratio %.4f  objects %9d (expected %s)",
                    name, jvmBytes, tracedBytes, ratio(), tracedObjects, expectedObjects < 0 ? "-" : expectedObjects);
        }
    }
}
