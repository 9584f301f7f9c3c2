package org.jtracemalloc.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.format.SnapshotCodec;
import org.jtracemalloc.report.PprofProfile;

/**
 * Answers the scrape endpoint's requests, reading only: {@code GET} of four paths, whose only
 * query is {@code gc=1} (or {@code gc=0}). Anything else is answered with a 4xx status and one line
 * saying why, and the server goes on serving; so does a failure while answering (500).
 */
final class ScrapeHandler implements HttpHandler {
    static final String INDEX = "/";
    static final String HEAP = "/debug/pprof/heap";
    static final String ALLOCS = "/debug/pprof/allocs";
    static final String SNAPSHOT = "/snapshot";
    private static final String PATHS = String.join(", ", INDEX, HEAP, ALLOCS, SNAPSHOT);
    /** Far longer than any request of the paths served: a longer one is not a scrape. */
    private static final int MAX_URI_LENGTH = 1024;
    /** Far more than any scraper sends (JDK 17's server reads them without a limit of its own). */
    private static final int MAX_HEADER_CHARS = 16 * 1024;

    /** A status, its body and the body's type; {@code filename} names a download, or is null. */
    private record Response(int status, String contentType, byte[] body, String filename) {
        static Response error(int status, String reason) {
            return new Response(status, "text/plain; charset=utf-8",
                    ("jtracemalloc: " + reason + "\n").getBytes(StandardCharsets.UTF_8), null);
        }

        static Response download(byte[] body, String filename) {
            return new Response(200, "application/octet-stream", body, filename);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = respond(exchange);
            } catch (RuntimeException | OutOfMemoryError e) {
                response = Response.error(500, "cannot answer " + exchange.getRequestURI().getRawPath() + ": " + e);
            }
            send(exchange, response);
        }
    }

    private static Response respond(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            return Response.error(405, "method " + method + " is not served: this endpoint only reads (GET)");
        }
        URI uri = exchange.getRequestURI();
        int length = uri.toString().length();
        if (length > MAX_URI_LENGTH) {
            return Response.error(414, "the request URI has " + length + " characters (at most " + MAX_URI_LENGTH
                    + "); the paths served are " + PATHS);
        }
        int headerChars = headerChars(exchange);
        if (headerChars > MAX_HEADER_CHARS) {
            return Response.error(431, "the request's header fields have " + headerChars + " characters (at most "
                    + MAX_HEADER_CHARS + ")");
        }
        if (hasBody(exchange)) {
            return Response.error(413, "a GET request here carries no body");
        }
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        return switch (path) {
            case INDEX -> query == null
                    ? new Response(200, "text/html; charset=utf-8", IndexPage.html(Tracemalloc.isTracing()), null)
                    : Response.error(400, "unsupported query '" + query + "': " + INDEX + " takes none");
            // Go's allocs profile is its heap profile with alloc_space as the default sample type.
            case HEAP, ALLOCS -> fromTracing(path, query, () -> {
                Snapshot live = Tracemalloc.takeSnapshot();
                Snapshot allocated = Tracemalloc.takeAllocationSnapshot();
                String defaultType = path.equals(HEAP) ? "inuse_space" : "alloc_space";
                return Response.download(PprofProfile.gzippedHeap(allocated, live, defaultType),
                        path.substring(path.lastIndexOf('/') + 1));
            });
            case SNAPSHOT -> fromTracing(path, query,
                    () -> Response.download(snapshotFile(Tracemalloc.takeSnapshot()), "jtracemalloc.snapshot"));
            default -> Response.error(404, "no such path " + path + ": the paths served are " + PATHS);
        };
    }

    /** Names and values, with the separators of a header line. */
    private static int headerChars(HttpExchange exchange) {
        int chars = 0;
        for (var header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                chars += header.getKey().length() + value.length() + 4;
            }
        }
        return chars;
    }

    /** A request that announces a body (a length other than 0, or chunks). */
    private static boolean hasBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return (length != null && !length.equals("0")) || exchange.getRequestHeaders().containsKey("Transfer-Encoding");
    }

    /** What {@code render} makes of snapshots taken now, after a collection when the query asks for one. */
    private static Response fromTracing(String path, String query, Supplier<Response> render) {
        if (query != null && !query.equals("gc=0") && !query.equals("gc=1")) {
            return Response.error(400, "unsupported query '" + query + "': " + path
                    + " takes only gc=1 (collect garbage first) or gc=0, and writes only the binary format");
        }
        if ("gc=1".equals(query)) {
            Tracemalloc.collectGarbage(); // as Go's heap profile handler runs runtime.GC()
        }
        try {
            return render.get();
        } catch (IllegalStateException notTracing) {
            return Response.error(503, "this JVM is not tracing: start tracing (jtracemalloc start PID, the MBean's"
                    + " start, Tracemalloc.start()) and ask again");
        }
    }

    /** The bytes {@link Snapshot#dump} would write to a file. */
    private static byte[] snapshotFile(Snapshot snapshot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            SnapshotCodec.encode(snapshot, Channels.newChannel(bytes));
        } catch (IOException tooLarge) {
            throw new UncheckedIOException(tooLarge.getMessage(), tooLarge); // answered with 500, unlike not tracing
        }
        return bytes.toByteArray();
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Cache-Control", "no-store"); // every answer is of this moment
        if (response.contentType().startsWith("text/html")) {
            headers.set("Content-Security-Policy", "default-src 'none'");
        }
        if (response.filename() != null) {
            headers.set("Content-Disposition", "attachment; filename=\"" + response.filename() + "\"");
        }
        exchange.sendResponseHeaders(response.status(), response.body().length);
        exchange.getResponseBody().write(response.body());
    }
}
