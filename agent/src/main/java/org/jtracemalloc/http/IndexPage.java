package org.jtracemalloc.http;

import java.nio.charset.StandardCharsets;

/** The HTML page at {@code /}: what the endpoint serves, with links. Fixed text but the tracing state. */
final class IndexPage {
    private IndexPage() {}

    static byte[] html(boolean tracing) {
        return ("""
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>jtracemalloc</title></head>
                <body>
                <h1>jtracemalloc</h1>
                <p>This JVM is %s. Everything here is read-only.</p>
                <ul>
                <li><a href="debug/pprof/heap">debug/pprof/heap</a>: a gzipped pprof profile with Go's four sample
                types, alloc_objects and alloc_space (every allocation since tracing started, dead objects included)
                and inuse_objects and inuse_space (the live traces), inuse_space first;
                <a href="debug/pprof/heap?gc=1">debug/pprof/heap?gc=1</a> collects garbage first.</li>
                <li><a href="debug/pprof/allocs">debug/pprof/allocs</a>: the same profile, alloc_space first; gc=1 as
                well.</li>
                <li><a href="snapshot">snapshot</a>: a snapshot file, for Snapshot.load and the agent jar's top, diff,
                pprof and flamegraph commands; gc=1 as well.</li>
                </ul>
                <p>Read a profile with <code>go tool pprof -top URL</code>, or let Parca, Grafana Pyroscope
                (Grafana Alloy) or any other pprof scraper collect it.</p>
                </body>
                </html>
                """).formatted(tracing ? "tracing" : "not tracing: the profiles answer 503 until tracing starts")
                .getBytes(StandardCharsets.UTF_8);
    }
}
