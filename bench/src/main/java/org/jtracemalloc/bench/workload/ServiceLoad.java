package org.jtracemalloc.bench.workload;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client of the springboot workload, in its own JVM without any agent: {@code bench/run.sh}
 * starts the service and this together. It asks the service until it answers (its start-up: from
 * the service's launch, an epoch-millisecond time run.sh passes, to the first answered request),
 * then sends a fixed number of requests over a few keep-alive connections and prints their rate.
 * With 0 requests it sends until it is killed, printing the count answered so far every 100 ms (the
 * attach group reads it before and after a tool attaches).
 * Arguments: port, launch time (epoch ms), requests, connections.
 */
public final class ServiceLoad {
    /** The marks run.sh greps for; a number follows each. */
    static final String STARTUP_MARK = "jtracemalloc-bench startup-ms ";
    static final String THROUGHPUT_MARK = "jtracemalloc-bench requests-per-s ";
    static final String ANSWERED_MARK = "jtracemalloc-bench answered ";

    /** How long a service may take to answer its first request before the run counts as failed. */
    private static final Duration START_LIMIT = Duration.ofMinutes(5);

    private ServiceLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long launchedAt = Long.parseLong(args[1]);
        int requests = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        awaitFirstAnswer(client, port);
        System.out.println(STARTUP_MARK + (System.currentTimeMillis() - launchedAt));

        boolean unbounded = requests == 0;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        if (unbounded) {
            reportEvery100Ms(answered);
        }
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            Thread sender = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); unbounded || i < requests; i = next.getAndIncrement()) {
                        // n from 0 to 49: responses of a few bytes to about 1.5 KiB
                        send(client, port, Math.floorMod(i, 50));
                        answered.incrementAndGet();
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("requests failed", failures.get(0));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(THROUGHPUT_MARK + String.format(Locale.ROOT, "%.1f", requests / seconds));
    }

    private static void reportEvery100Ms(AtomicInteger answered) {
        Thread reporter = new Thread(() -> {
            while (true) {
                System.out.println(ANSWERED_MARK + answered.get());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        reporter.setDaemon(true);
        reporter.start();
    }

    private static void awaitFirstAnswer(HttpClient client, int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            try {
                send(client, port, 1);
                return;
            } catch (ConnectException notListeningYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no answer on port " + port + " within " + START_LIMIT);
                }
                Thread.sleep(20);
            }
        }
    }

    private static void send(HttpClient client, int port, int n) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work?n=" + n)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode() + " for n=" + n + ": " + response.body());
        }
    }
}
