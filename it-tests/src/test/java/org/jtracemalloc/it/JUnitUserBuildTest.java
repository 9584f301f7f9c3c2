package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * jtracemalloc-junit in a user's Maven build: the project in {@code src/test/junit-user-project},
 * on its own JUnit (the oldest supported, the newest 5.x, a 6.x), with the real agent jar in
 * Surefire's {@code argLine}, built by a forked {@code mvn test}. Its {@code @MaxRetained} and
 * {@code MemoryAssertions} tests must pass or fail as written, on the JUnit the project chose.
 *
 * <p>The forked build resolves jtracemalloc's jars and POMs as a user's would, from a local
 * repository in the temp dir that holds them as {@code mvn install} would lay them out; every other
 * entry of that repository is a link into the user's local repository, so JUnit and the plugins
 * come from there (or Maven Central) and nothing of this build is written there.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class JUnitUserBuildTest {
    private static final Path PROJECT = Path.of("src/test/junit-user-project");
    private static final Path ROOT = Path.of(System.getProperty("jtracemalloc.project.root"));
    private static final String VERSION = System.getProperty("jtracemalloc.version");
    private static final String TEST_CLASS = "com.example.UserTest";

    @TempDir
    static Path dir;

    private static Path repository;

    @BeforeAll
    static void installJtracemallocIntoATemporaryRepository() throws IOException {
        repository = dir.resolve("repository");
        Path userRepository = Path.of(System.getProperty("jtracemalloc.maven.repo.local"));
        linkEntries(userRepository, repository, "org");
        linkEntries(userRepository.resolve("org"), repository.resolve("org"), "jtracemalloc");
        install("jtracemalloc-parent", ROOT.resolve("pom.xml"), null);
        for (String module : List.of("core", "junit")) {
            String artifact = "jtracemalloc-" + module;
            install(artifact, ROOT.resolve(module).resolve("pom.xml"),
                    ROOT.resolve(module).resolve("target").resolve(artifact + "-" + VERSION + ".jar"));
        }
    }

    /** Links every entry of {@code from} into {@code to}, except {@code except}, which {@code to} gets as an empty directory. */
    private static void linkEntries(Path from, Path to, String except) throws IOException {
        Files.createDirectories(to.resolve(except));
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(entry.getFileName().toString()), entry.toAbsolutePath());
                }
            }
        }
    }

    /** The POM (and the jar, unless null) where {@code mvn install} would put them. */
    private static void install(String artifact, Path pom, Path jar) throws IOException {
        Path target = Files.createDirectories(repository.resolve(Path.of("org", "jtracemalloc", artifact, VERSION)));
        Files.copy(pom, target.resolve(artifact + "-" + VERSION + ".pom"));
        if (jar != null) {
            assertTrue(Files.isRegularFile(jar), jar + " is not built");
            Files.copy(jar, target.resolve(artifact + "-" + VERSION + ".jar"));
        }
    }

    @ParameterizedTest(name = "JUnit Jupiter {0}")
    @CsvSource({"5.10.0, 1.10.0", "5.14.4, 1.14.4", "6.1.3, 6.1.3"})
    void theExtensionAndTheAssertionsWorkOnTheProjectsJUnit(String jupiter, String platform) throws Exception {
        Path mvn = ExternalTool.required("mvn", "maven");
        Path project = copyProject(dir.resolve("junit-" + jupiter));
        Path log = project.resolve("mvn.log");
        List<String> command = List.of(mvn.toString(), "-B", "-ntp", "-Dmaven.repo.local=" + repository,
                "-Djunit.version=" + jupiter, "-Djunit.platform.version=" + platform, "-Djtracemalloc.version=" + VERSION,
                "-Djtracemalloc.agent.jar=" + ForkedJvm.AGENT_JAR.toAbsolutePath(),
                "-Dcompiler.plugin.version=" + System.getProperty("jtracemalloc.compiler.plugin.version"),
                "-Dsurefire.plugin.version=" + System.getProperty("jtracemalloc.surefire.plugin.version"),
                "test");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // the JDK that runs these tests builds and runs the user's tests too
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            fail("mvn did not finish in 4 minutes:\n" + tail(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("Tests run: 6, Failures: 2, Errors: 0, Skipped: 0"), () -> tail(log));
        assertEquals(1, process.exitValue(), () -> tail(log));

        Map<String, String> problems = problems(project.resolve("target/surefire-reports/TEST-" + TEST_CLASS + ".xml"));
        assertEquals(Set.of("runsOnTheProjectsJUnit", "keepsLessThanItsLimit", "keepsMoreThanItsLimit",
                "summingAllocatesNothing", "anArrayIsWithinItsAllowance", "anArrayIsAnAllocation"), problems.keySet());
        for (String passing : List.of("runsOnTheProjectsJUnit", "keepsLessThanItsLimit", "summingAllocatesNothing",
                "anArrayIsWithinItsAllowance")) {
            assertEquals("", problems.get(passing), passing);
        }

        SourceMarkers sites = SourceMarkers.of(PROJECT.resolve("src/test/java/com/example/UserTest.java"));
        String retained = problems.get("keepsMoreThanItsLimit");
        Matcher limit = Pattern.compile("failure org.opentest4j.AssertionFailedError: UserTest.keepsMoreThanItsLimit\\(\\) "
                + "retained (\\d+) B, more than the 4096 B allowed by @MaxRetained, include \\[com/example/\\*]; top lines:\n"
                + "  com/example/UserTest.java:" + sites.line("kept") + ": size=.*", Pattern.DOTALL).matcher(retained);
        assertTrue(limit.matches(), retained);
        assertTrue(Long.parseLong(limit.group(1)) >= 100 * 64 * Long.BYTES, retained);

        String allocated = problems.get("anArrayIsAnAllocation");
        assertTrue(allocated.matches("failure org.opentest4j.AssertionFailedError: expected no allocations, but (\\d+) B in 1 object "
                + "was allocated:\n  com/example/UserTest.java:" + sites.line("allocated") + ": \\1 B in 1 object"), allocated);
    }

    private static Path copyProject(Path copy) throws IOException {
        try (Stream<Path> files = Files.walk(PROJECT)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(PROJECT.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    /** For each test case of a Surefire report: "" when it passed, else its outcome, type and message. */
    private static Map<String, String> problems(Path report) throws Exception {
        assertTrue(Files.isRegularFile(report), "no report " + report);
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                .getElementsByTagName("testcase");
        Map<String, String> problems = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element testCase = (Element) cases.item(i);
            assertEquals(TEST_CLASS, testCase.getAttribute("classname"));
            List<String> outcomes = new ArrayList<>();
            for (String outcome : List.of("failure", "error", "skipped")) {
                NodeList found = testCase.getElementsByTagName(outcome);
                for (int j = 0; j < found.getLength(); j++) {
                    Element e = (Element) found.item(j);
                    outcomes.add(outcome + " " + e.getAttribute("type") + ": " + e.getAttribute("message"));
                }
            }
            String name = testCase.getAttribute("name");
            assertFalse(problems.containsKey(name), "reported twice: " + name);
            problems.put(name, String.join("\n", outcomes));
        }
        return problems;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
