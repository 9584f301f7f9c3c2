package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jtracemalloc.it.app.FidelityWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
            "new", "primitiveArrays", "objectArray", "multiArrays", "arrayClone", "objectClone", "arrayNewInstance",
            "arraysCopyOf", "arrayListGrowth", "hashMapGrowth", "stringBuilderGrowth", "constructorNewInstance",
            "methodHandleConstructor", "capturingLambda", "nonCapturingLambda", "stringConcatenation",
            "boxingAboveCache", "enhancedForIterator");
    /**
     * The whole mixed workload is over the bar's top: C2 compiles the plain run's deserialisation
     * (ObjectInputStream) to allocate ~6 % less than the interpreter, C1, or the instrumented code
     * do (docs/fidelity.md); everything traced there is allocated by the instrumented program.
     */
    private static final double MIXED_TOTAL_HIGH = 1.05;

    /** The default object layout, then uncompressed references, then (JDK 24+) compact headers. */
    static List<List<String>> layouts() {
        List<List<String>> layouts = new ArrayList<>(List.of(List.of(), List.of("-XX:-UseCompressedOops")));
        if (Runtime.version().feature() >= 24) {
            layouts.add(List.of("-XX:+UseCompactObjectHeaders"));
        }
        return layouts;
    }

    /**
     * Under every object layout the traced bytes equal the JVM's, pattern by pattern: the sizes the
     * store records ({@code Instrumentation.getObjectSize}) are the sizes the JVM allocates.
     */
    @ParameterizedTest
    @MethodSource("layouts")
    void mixedWorkloadIsTracedByteForByte(List<String> layout) throws Exception {
        Map<String, Measured> measured = measure(layout, List.of("mixed", Integer.toString(ITERATIONS)));
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
        assertTrue(total >= LOW && total <= MIXED_TOTAL_HIGH, () -> "mixed total ratio " + total);
    }

    @Test
    void javacCompilingCommonsLangIsTracedWithinTheBar(@TempDir Path sources) throws Exception {
        unpack(Path.of(System.getProperty("jtracemalloc.fidelity.sources.jar")), sources);
        Measured javac = measure(List.of(), List.of("javac", sources.toString())).get("javac");
        assertTrue(within(javac.ratio()), javac::toString);
    }

    private static boolean within(double ratio) {
        return ratio >= LOW && ratio <= HIGH;
    }

    private static double ratio(long traced, long jvm) {
        return jvm == 0 ? 0 : (double) traced / jvm;
    }

    /** Runs the workload plain and traced; per pattern, the plain run's JVM bytes and the traced run's counts. */
    private static Map<String, Measured> measure(List<String> layout, List<String> workload)
            throws IOException, InterruptedException {
        ForkedJvm plainJvm = ForkedJvm.withoutAgent().option("-XX:-DoEscapeAnalysis");
        ForkedJvm tracedJvm = ForkedJvm.withAgent(null).option("-XX:-DoEscapeAnalysis");
        layout.forEach(option -> {
            plainJvm.option(option);
            tracedJvm.option(option);
        });
        ForkedJvm.Result plain = plainJvm.run(FidelityWorkload.class, arguments("plain", workload));
        assertEquals(0, plain.exitCode(), plain::toString);
        ForkedJvm.Result traced = tracedJvm.run(FidelityWorkload.class, arguments("traced", workload));
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
        System.out.println("JDK " + Runtime.version() + " " + layout + ", " + String.join(" ", workload));
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
