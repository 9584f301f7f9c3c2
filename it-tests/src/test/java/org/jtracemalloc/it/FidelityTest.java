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
 * plain run are compared with the bytes jtracemalloc counted in the traced run. Objects: the mixed
 * patterns' counts are known from the JDK's code; javac's are counted by a census of the heap of a
 * third run that never collects. The mixed traced run also has the agent check every traced size
 * against {@code Instrumentation.getObjectSize} ({@code verifySizes=true}).
 */
class FidelityTest {
    private static final int ITERATIONS = 20_000;
    private static final double LOW = 0.98;
    private static final double HIGH = 1.02;

    /** Heap for the census run: nothing is collected, so it holds both javac compilations (~0.9 GB). */
    private static final String CENSUS_HEAP = "-Xmx4g";

    /** The default object layout, then uncompressed references, then (JDK 24+) compact headers. */
    static List<List<String>> layouts() {
        List<List<String>> layouts = new ArrayList<>(List.of(List.of(), List.of("-XX:-UseCompressedOops")));
        if (Runtime.version().feature() >= 24) {
            layouts.add(List.of("-XX:+UseCompactObjectHeaders"));
        }
        return layouts;
    }

    /**
     * Under every object layout the traced bytes equal the JVM's, pattern by pattern and in total,
     * with the objects each pattern is known to allocate; and the agent's size check
     * ({@code verifySizes}) compared every traced object's size with {@code Instrumentation.getObjectSize}
     * and found no difference.
     */
    @ParameterizedTest
    @MethodSource("layouts")
    void mixedWorkloadIsTracedByteForByte(List<String> layout) throws Exception {
        // -Xbatch: the warm-up waits for every compilation it triggers, so the measured loop runs the
        // code C2 made, not whatever a loaded machine's compile queue had reached (C2 removes the
        // JDK's unused JFR event objects from deserialisation; C1 code allocates them).
        List<String> options = new ArrayList<>(List.of("-Xbatch"));
        options.addAll(layout);
        Runs runs = measure(options, "verifySizes=true", false, List.of("mixed", Integer.toString(ITERATIONS)));
        long jvm = 0;
        long traced = 0;
        long tracedObjects = 0;
        for (Measured pattern : runs.patterns.values()) {
            jvm += pattern.jvmBytes;
            traced += pattern.tracedBytes;
            tracedObjects += pattern.tracedObjects;
            if (pattern.name.equals(FidelityWorkload.RECORD_TO_STRING)) {
                // A known gap (docs/fidelity.md): one object a call that a hidden class, not a lambda
                // proxy, allocates. This fails when the gap closes: then it joins the others.
                assertTrue(pattern.ratio() < LOW && pattern.ratio() > 0.5, () -> "the known gap changed: " + pattern);
                continue;
            }
            assertTrue(pattern.jvmBytes == 0 ? pattern.tracedBytes == 0 : within(pattern.ratio()), pattern::toString);
            if (pattern.expectedObjects >= 0) {
                assertEquals(pattern.expectedObjects, pattern.tracedObjects, pattern::toString);
            }
            assertEquals(pattern.tracedObjects, pattern.sizesChecked, () -> "objects whose size was checked, " + pattern);
        }
        double total = ratio(traced, jvm);
        System.out.printf("mixed workload total: traced/allocated = %.4f (%d / %d bytes)%n", total, traced, jvm);
        assertTrue(within(total), () -> "mixed total ratio " + total);

        // sizes CHECKED_IN_MEASURED_CODE CHECKED_IN_ALL MISMATCHES [first mismatches]; the mismatches are of the whole run
        List<String> sizes = runs.traced.values("sizes");
        System.out.println("size check (measured, whole run, mismatches): " + String.join(" ", sizes));
        assertTrue(tracedObjects > 0);
        assertEquals(tracedObjects, Long.parseLong(sizes.get(0)), "traced objects of the measured code whose size was checked");
        assertEquals(0, Long.parseLong(sizes.get(2)), () -> "size mismatches: " + String.join(" ", sizes));
    }

    /**
     * javac: bytes against the JVM's per-thread counter, objects against a census of the heap of a
     * JVM that never collects (the JVM counts no objects per thread). The census is checked to hold
     * just the compiling thread's objects: its bytes are that thread's bytes.
     */
    @Test
    void javacCompilingCommonsLangIsTracedWithinTheBar(@TempDir Path sources) throws Exception {
        unpack(Path.of(System.getProperty("jtracemalloc.fidelity.sources.jar")), sources);
        Runs runs = measure(List.of(), null, true, List.of("javac", sources.toString()));
        Measured javac = runs.patterns.get("javac");
        assertTrue(within(javac.ratio()), javac::toString);

        // census javac OBJECTS BYTES CALIBRATION_SPREAD OTHER_THREADS_BYTES, next to that run's own thread bytes
        List<String> census = runs.census.values("census javac");
        long censusObjects = Long.parseLong(census.get(0));
        long censusBytes = Long.parseLong(census.get(1));
        long censusThreadBytes = Long.parseLong(runs.census.values("pattern javac").get(0));
        double objects = ratio(javac.tracedObjects, censusObjects);
        System.out.printf("javac objects: traced %d, heap census %d, ratio %.4f; census bytes %d, thread bytes %d,"
                        + " other threads %s B, calibration spread %s objects%n", javac.tracedObjects, censusObjects, objects,
                censusBytes, censusThreadBytes, census.get(3), census.get(2));
        runs.census.stdout().stream().filter(line -> line.startsWith("census-class ")).forEach(System.out::println);
        assertTrue(Math.abs(censusBytes - censusThreadBytes) <= censusThreadBytes / 1000,
                () -> "the census is not the compiling thread's allocations: " + census + " vs " + censusThreadBytes);
        assertTrue(within(objects), () -> "javac objects traced/census " + objects);
    }

    private static boolean within(double ratio) {
        return ratio >= LOW && ratio <= HIGH;
    }

    private static double ratio(long traced, long jvm) {
        return jvm == 0 ? 0 : (double) traced / jvm;
    }

    /** The runs of one workload, and per pattern, the plain run's JVM bytes with the traced run's counts. */
    private record Runs(ForkedJvm.Result traced, ForkedJvm.Result census, Map<String, Measured> patterns) {}

    /**
     * Runs the workload plain and traced (the agent with {@code agentArgs}) and, when asked, in a
     * census JVM: Epsilon (never collects) without TLABs (no filler objects in the heap).
     */
    private static Runs measure(List<String> layout, String agentArgs, boolean census, List<String> workload)
            throws IOException, InterruptedException {
        ForkedJvm plainJvm = ForkedJvm.withoutAgent().option("-XX:-DoEscapeAnalysis");
        ForkedJvm tracedJvm = ForkedJvm.withAgent(agentArgs).option("-XX:-DoEscapeAnalysis");
        layout.forEach(option -> {
            plainJvm.option(option);
            tracedJvm.option(option);
        });
        ForkedJvm.Result plain = plainJvm.run(FidelityWorkload.class, arguments("plain", workload));
        assertEquals(0, plain.exitCode(), plain::toString);
        ForkedJvm.Result traced = tracedJvm.run(FidelityWorkload.class, arguments("traced", workload));
        assertEquals(0, traced.exitCode(), traced::toString);
        ForkedJvm.Result censusRun = null;
        if (census) {
            ForkedJvm censusJvm = ForkedJvm.withoutAgent().option("-XX:-DoEscapeAnalysis")
                    .option("-XX:+UnlockExperimentalVMOptions").option("-XX:+UseEpsilonGC").option(CENSUS_HEAP)
                    .option("-XX:-UseTLAB");
            layout.forEach(censusJvm::option);
            censusRun = censusJvm.run(FidelityWorkload.class, arguments("census", workload));
            assertEquals(0, censusRun.exitCode(), censusRun::toString);
        }
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (String line : traced.stdout()) {
            if (line.startsWith("pattern ")) {
                String[] words = line.split(" ");
                long jvmBytes = Long.parseLong(plain.values("pattern " + words[1]).get(0));
                measured.put(words[1], new Measured(words[1], jvmBytes, Long.parseLong(words[3]),
                        Long.parseLong(words[4]), Long.parseLong(words[5]), Long.parseLong(words[6])));
            }
        }
        System.out.println("JDK " + Runtime.version() + " " + layout + ", " + String.join(" ", workload));
        measured.values().forEach(System.out::println);
        traced.stdout().stream().filter(line -> line.startsWith("site ")).forEach(System.out::println);
        return new Runs(traced, censusRun, measured);
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

    /**
     * One pattern: the plain run's JVM bytes, the traced run's jtracemalloc bytes and objects, and
     * how many of those objects the agent's size check compared ({@code verifySizes}).
     */
    private record Measured(String name, long jvmBytes, long tracedBytes, long tracedObjects, long expectedObjects,
                            long sizesChecked) {
        double ratio() {
            return FidelityTest.ratio(tracedBytes, jvmBytes);
        }

        @Override
        public String toString() {
            return String.format("%-24s allocated %11d B  traced %11d B  ratio %.4f  objects %9d (expected %s, sizes checked %d)",
                    name, jvmBytes, tracedBytes, ratio(), tracedObjects, expectedObjects < 0 ? "-" : expectedObjects, sizesChecked);
        }
    }
}
