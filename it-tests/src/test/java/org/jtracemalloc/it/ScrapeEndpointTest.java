package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Trace;
import org.jtracemalloc.it.ExternalPrograms.CliRun;
import org.jtracemalloc.it.app.ScrapedService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the agent's HTTP endpoint ({@code http=HOST:PORT}) in a JVM running the real agent,
 * read by real clients: {@code go tool pprof} against the live URL, the JDK's HTTP client, and a
 * raw socket for requests no client would send.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScrapeEndpointTest {
    private static final int SCRAPES = 300;
    private static final String LEAK_FUNCTION = "org.jtracemalloc.it.app.ScrapedService.leak";
    /**
     * What a traceback of the server's own work would hold: the JDK's server, or the agent's code
     * that only the server runs here (the store is left out: the service calls it itself).
     */
    private static final List<String> SERVER_FILES = List.of("sun/net/httpserver/", "com/sun/net/httpserver/",
            "org/jtracemalloc/http/", "org/jtracemalloc/report/", "org/jtracemalloc/format/");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Service> services = new ArrayList<>();

    @AfterEach
    void stopServices() {
        services.forEach(service -> service.process.destroyForcibly());
    }

    @Test
    void goToolPprofReadsTheLiveUrlAndDiffsItAgainstABase() throws Exception {
        Service service = start("nframe=8,http=127.0.0.1:0");
        for (int i = 0; i < 3; i++) {
            service.command("leak");
        }
        Path go = ExternalTool.required("go", "golang-go");
        String heap = service.url("/debug/pprof/heap");
        CliRun top = pprof(go.toString(), "tool", "pprof", "-top", "-unit=B", heap);
        assertEquals(0, top.exitCode(), top.err() + top.out());
        long leaked = leakStatistic(snapshot(service, "/snapshot")).size();
        assertEquals(3 * ScrapedService.ARRAYS_PER_LEAK, leakStatistic(snapshot(service, "/snapshot")).count());
        assertTrue(ExternalPrograms.pprofTopRow(top.out()).matches(leaked + "B .* " + LEAK_FUNCTION.replace(".", "\\.")), top.out());

        Path base = dir.resolve("base.pb.gz");
        Files.write(base, get(heap).body());
        service.command("leak");
        service.command("leak");
        CliRun diff = pprof(go.toString(), "tool", "pprof", "-top", "-unit=B", "-diff_base", base.toString(), heap);
        assertEquals(0, diff.exitCode(), diff.err() + diff.out());
        long grown = leaked / 3 * 2;
        assertTrue(ExternalPrograms.pprofTopRow(diff.out()).matches(grown + "B .* " + LEAK_FUNCTION.replace(".", "\\.")), diff.out());
        service.quit();
    }

    @Test
    void gcQueryCollectsFirstAndTheProfilesHaveGosFourSampleTypesWithRealAllocations() throws Exception {
        // No collection but the ones asked for: a young generation far larger than the garbage, no metaspace trigger.
        Service service = start("nframe=4,http=127.0.0.1:0", "-XX:+UseSerialGC", "-Xmn256m", "-XX:MetaspaceSize=256m");
        service.command("leak");
        service.command("garbage");
        String garbageFrame = "org/jtracemalloc/it/app/ScrapedService.java:" + SourceMarkers.of(ScrapedService.class).line("garbage");

        Snapshot before = snapshot(service, "/snapshot");
        assertEquals(ScrapedService.ARRAYS_PER_LEAK, countAt(before, garbageFrame), "not collected yet");
        Path go = ExternalTool.required("go", "golang-go");
        CliRun collected = pprof(go.toString(), "tool", "pprof", "-raw", service.url("/debug/pprof/heap?gc=1"));
        assertEquals(0, collected.exitCode(), collected.err() + collected.out());
        assertTrue(collected.out().contains(LEAK_FUNCTION), collected.out());
        assertEquals(0, countAt(snapshot(service, "/snapshot"), garbageFrame), "collected by gc=1");

        // Go's four heap types, alloc first; the heap profile shows inuse_space first, the allocs profile alloc_space.
        for (String path : List.of("/debug/pprof/heap", "/debug/pprof/allocs", "/debug/pprof/allocs?gc=1", "/debug/pprof/heap?gc=0")) {
            CliRun raw = pprof(go.toString(), "tool", "pprof", "-raw", service.url(path));
            assertEquals(0, raw.exitCode(), raw.err() + raw.out());
            String types = path.startsWith("/debug/pprof/heap")
                    ? "alloc_objects/count alloc_space/bytes inuse_objects/count inuse_space/bytes[dflt]"
                    : "alloc_objects/count alloc_space/bytes[dflt] inuse_objects/count inuse_space/bytes";
            assertTrue(raw.out().contains("\nSamples:\n" + types + "\n"), path + ":\n" + raw.out());
        }

        // The collected garbage is in the alloc types, with its real count and bytes (those of one leak), not in use.
        String garbageFunction = "org\\.jtracemalloc\\.it\\.app\\.ScrapedService\\.garbage";
        String allocs = service.url("/debug/pprof/allocs");
        CliRun objects = pprof(go.toString(), "tool", "pprof", "-top", "-sample_index=alloc_objects", "-focus=ScrapedService.garbage", allocs);
        assertEquals(0, objects.exitCode(), objects.err() + objects.out());
        assertTrue(ExternalPrograms.pprofTopRow(objects.out()).matches(ScrapedService.ARRAYS_PER_LEAK + " .* " + garbageFunction), objects.out());
        CliRun space = pprof(go.toString(), "tool", "pprof", "-top", "-unit=B", "-sample_index=alloc_space", "-focus=ScrapedService.garbage", allocs);
        assertEquals(0, space.exitCode(), space.err() + space.out());
        long oneLeak = leakStatistic(before).size();
        assertTrue(ExternalPrograms.pprofTopRow(space.out()).matches(oneLeak + "B .* " + garbageFunction), space.out());
        CliRun inUse = pprof(go.toString(), "tool", "pprof", "-top", "-sample_index=inuse_objects", allocs);
        assertEquals(0, inUse.exitCode(), inUse.err() + inUse.out());
        assertTrue(inUse.out().contains(LEAK_FUNCTION) && !inUse.out().contains("ScrapedService.garbage"), inUse.out());
        service.quit();
    }

    @Test
    void aScrapeLoopLeavesTheAgentsMemoryAndTheApplicationsOutputAlone() throws Exception {
        Service service = start("nframe=64,http=127.0.0.1:0");
        service.command("leak");
        // The first round grows the store to what the application's own work needs (its
        // allocating threads' chunks); the second, the same work again, must then leave it as it was.
        List<String> expected = new ArrayList<>(List.of("leak 1: " + ScrapedService.ARRAYS_PER_LEAK + " arrays kept"));
        long[] memory = new long[2];
        for (int round = 0; round < 2; round++) {
            scrapeWhileAllocating(service, expected);
            assertEquals(200, get(service.url("/debug/pprof/heap?gc=1")).statusCode());
            memory[round] = Long.parseLong(service.command("memory").substring("memory ".length()));
            expected.add("memory " + memory[round]);
        }
        // The store's tables grow in steps; a scrape that left anything in the store would show up 300 times.
        assertTrue(memory[1] <= memory[0] + 32 * 1024, "tracemalloc memory " + memory[0] + " B after the first "
                + SCRAPES + " requests, " + memory[1] + " B after the next " + SCRAPES);

        Snapshot snapshot = snapshot(service, "/snapshot?gc=1");
        List<String> serverTraces = snapshot.traces().stream()
                .filter(trace -> trace.traceback().stream().anyMatch(frame -> SERVER_FILES.stream().anyMatch(frame.filename()::startsWith)))
                .map(trace -> String.join("\n", trace.traceback().format()))
                .limit(5)
                .toList();
        assertEquals(List.of(), serverTraces, "the server's own allocations are not traced");

        List<String> output = service.quit();
        expected.add("bye");
        assertEquals(expected, output.subList(1, output.size()), "the application's output, line for line");
        assertEquals("", service.stderr(), "nothing on the application's stderr");
    }

    /**
     * {@link #SCRAPES} requests of every path while a thread of the service allocates without pause
     * and its main thread churns between requests; adds the lines the service prints to {@code expected}.
     */
    private void scrapeWhileAllocating(Service service, List<String> expected) throws Exception {
        List<String> paths = List.of("/debug/pprof/heap", "/debug/pprof/allocs", "/snapshot", "/", "/debug/pprof/heap?gc=1");
        expected.add("busy " + (expected.size() + 1));
        service.command("busy");
        for (int i = 0; i < SCRAPES; i++) {
            HttpResponse<byte[]> response = get(service.url(paths.get(i % paths.size())));
            assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
            if (i % 10 == 0) {
                int count = expected.size() + 1;
                expected.add("churn " + count + ": checksum " + ScrapedService.churn(count));
                service.command("churn");
            }
        }
        expected.add("calm " + (expected.size() + 1));
        service.command("calm");
    }

    @Test
    void malformedRequestsGetA4xxAndTheServerKeepsServing() throws Exception {
        Service service = start("http=127.0.0.1:0");
        service.command("leak");
        String tooLong = "/debug/pprof/heap?gc=" + "1".repeat(5000);
        List<String[]> cases = List.of(
                new String[] {"POST /debug/pprof/heap HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "405"},
                new String[] {"DELETE /snapshot HTTP/1.1\r\nHost: x\r\n\r\n", "405"},
                new String[] {"GET /debug/pprof/profile HTTP/1.1\r\nHost: x\r\n\r\n", "404"},
                new String[] {"GET /debug/pprof/heap?gc=2 HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
                new String[] {"GET /debug/pprof/heap?debug=1 HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
                new String[] {"GET /?x HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
                new String[] {"GET " + tooLong + " HTTP/1.1\r\nHost: x\r\n\r\n", "414"},
                new String[] {"GET /snapshot HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "413"},
                new String[] {"GET /debug/pprof/heap HTTP/1.1\r\nHost: x\r\n" + "X-Filler: yyyyyyyyyyyyyyyyyyyy\r\n".repeat(1000) + "\r\n", "4"},
                new String[] {"\u0001\u0002 nonsense\r\n\r\n", "4"},
                new String[] {"GET /debug/pprof/%zz HTTP/1.1\r\nHost: x\r\n\r\n", "4"});
        for (String[] bad : cases) {
            String answer = raw(service, bad[0]);
            String statusLine = answer.lines().findFirst().orElse("");
            assertTrue(statusLine.matches("HTTP/1\\.1 " + bad[1] + "\\d* .*"), () -> "for " + bad[0].lines().findFirst().get() + ": " + statusLine);
            if (answer.contains("Content-type: text/plain")) {
                String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertTrue(body.startsWith("jtracemalloc: ") && body.indexOf('\n') == body.length() - 1, "one line: " + body);
            }
            assertEquals(200, get(service.url("/debug/pprof/heap")).statusCode(), "still serving after " + statusLine);
        }
        assertEquals("jtracemalloc: method POST is not served: this endpoint only reads (GET)\n",
                raw(service, cases.get(0)[0]).split("\r\n\r\n", 2)[1]);
        assertEquals(List.of("leak 1: " + ScrapedService.ARRAYS_PER_LEAK + " arrays kept", "bye"), service.quit().subList(1, 3));
        assertEquals("", service.stderr());
    }

    @Test
    void beforeTracingStartsTheProfilesAnswer503() throws Exception {
        Service service = start("start=false,http=127.0.0.1:0");
        for (String path : List.of("/debug/pprof/heap", "/debug/pprof/allocs", "/snapshot?gc=1")) {
            HttpResponse<byte[]> response = get(service.url(path));
            assertEquals(503, response.statusCode(), path);
            assertEquals("jtracemalloc: this JVM is not tracing: start tracing (jtracemalloc start PID, the MBean's start,"
                    + " Tracemalloc.start()) and ask again\n", new String(response.body(), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> index = get(service.url("/"));
        assertEquals(200, index.statusCode());
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
        assertTrue(new String(index.body(), StandardCharsets.UTF_8).contains("This JVM is not tracing"));

        service.command("start");
        service.command("leak");
        HttpResponse<byte[]> heap = get(service.url("/debug/pprof/heap"));
        assertEquals(200, heap.statusCode());
        assertTrue(new GZIPInputStream(new ByteArrayInputStream(heap.body())).readAllBytes().length > 0, "a gzipped profile");
        assertEquals(ScrapedService.ARRAYS_PER_LEAK, leakStatistic(snapshot(service, "/snapshot")).count());
        service.quit();
    }

    @Test
    void anAddressThatIsNotLoopbackNeedsTheExplicitKey() throws Exception {
        ForkedJvm.Result refused = ForkedJvm.withAgent("http=0.0.0.0:0").run(ScrapedService.class);
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals(List.of(), refused.stdout(), "main never ran");
        assertEquals("jtracemalloc: refusing http=0.0.0.0:0: 0.0.0.0 is not a loopback address, and the endpoint has no"
                + " authentication; to serve it there all the same, also set http.allowRemote=true (system property"
                + " jtracemalloc.http.allowRemote)\n", refused.stderr());

        Service allowed = start("http=0.0.0.0:0,http.allowRemote=true");
        assertTrue(allowed.address.startsWith("0.0.0.0:"), allowed.address);
        HttpResponse<byte[]> response = get("http://127.0.0.1:" + allowed.port() + "/debug/pprof/heap");
        assertEquals(200, response.statusCode());
        allowed.quit();
    }

    private Service start(String agentArgs, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(ForkedJvm.JAVA.toString(), "-javaagent:" + ForkedJvm.AGENT_JAR + "=" + agentArgs));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", ForkedJvm.codeSourceOf(ScrapedService.class).toString(), ScrapedService.class.getName()));
        Path stderr = dir.resolve("service-" + services.size() + ".err");
        Service service = new Service(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
        services.add(service);
        return service;
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private Snapshot snapshot(Service service, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(service.url(path));
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        Path file = Files.createTempFile(dir, "scraped", ".snapshot");
        Files.write(file, response.body());
        return Snapshot.load(file);
    }

    private static Statistic leakStatistic(Snapshot snapshot) {
        Frame leak = new Frame("org/jtracemalloc/it/app/ScrapedService.java", SourceMarkers.of(ScrapedService.class).line("leak"));
        return snapshot.statistics("lineno").stream()
                .filter(statistic -> statistic.traceback().get(0).equals(leak))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no trace at " + leak));
    }

    private static long countAt(Snapshot snapshot, String fileAndLine) {
        return snapshot.traces().stream()
                .map(Trace::traceback)
                .filter(traceback -> {
                    Frame allocating = traceback.get(traceback.size() - 1);
                    return (allocating.filename() + ":" + allocating.lineno()).equals(fileAndLine);
                })
                .count();
    }

    /** {@code go tool pprof}, keeping the profiles it saves in this test's directory. */
    private CliRun pprof(String... command) throws Exception {
        return ExternalPrograms.run(dir, List.of(command), Map.of("PPROF_TMPDIR", dir.toString()));
    }

    /** Sends {@code request} as it is and returns what comes back until the server closes or 2 s pass quietly. */
    private static String raw(Service service, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                for (int n = socket.getInputStream().read(buffer); n > 0; n = socket.getInputStream().read(buffer)) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (java.net.SocketTimeoutException keptAlive) {
                // the answer is complete; the server keeps the connection for the next request
            } catch (java.net.SocketException reset) {
                // the server closed the connection after answering
            }
            return answer.toString();
        }
    }

    /** A running ScrapedService, driven through its stdin; its stdout is kept line by line. */
    private static final class Service {
        final Process process;
        final Path stderrFile;
        final String address;
        private final BufferedReader out;
        private final PrintWriter in;
        private final List<String> lines = new ArrayList<>();

        Service(Process process, Path stderrFile) throws IOException {
            this.process = process;
            this.stderrFile = stderrFile;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String first = readLine();
            assertTrue(first.matches("http \\S+:\\d+"), first);
            this.address = first.substring("http ".length());
        }

        int port() {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }

        String url(String path) {
            return "http://" + address + path;
        }

        /** Sends one command and returns the line it printed. */
        String command(String command) throws IOException {
            in.println(command);
            String line = readLine();
            assertTrue(line.startsWith(command.equals("start") ? "started" : command), line);
            return line;
        }

        /** Ends the service normally and returns everything it printed on stdout. */
        List<String> quit() throws Exception {
            in.println("quit");
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            assertTrue(process.waitFor(1, TimeUnit.MINUTES), "the service ends with the HTTP server running");
            assertEquals(0, process.exitValue(), this::stderr);
            return lines;
        }

        String stderr() {
            try {
                return Files.readString(stderrFile);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private String readLine() throws IOException {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("the service ended early: " + stderr());
            }
            lines.add(line);
            return line;
        }
    }
}
