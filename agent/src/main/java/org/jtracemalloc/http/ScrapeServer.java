package org.jtracemalloc.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtracemalloc.store.UntracedWork;

/**
 * The agent's HTTP server ({@code http=HOST:PORT}): the JDK's {@code com.sun.net.httpserver},
 * answering with {@link ScrapeHandler}. Every thread it runs on is in one thread group that the
 * trace store never traces: the workers, made here, and the dispatcher and timer threads, which
 * the JDK creates in the group of the thread that creates and starts the server. Started once,
 * when the agent is installed; its threads are daemons, so it ends with the JVM.
 */
public final class ScrapeServer {
    /** Two requests served at once; more wait their turn rather than take the application's CPUs. */
    private static final int WORKERS = 2;

    /** The bound address, {@code HOST:PORT}; empty while there is none. */
    private static volatile String address = "";

    private ScrapeServer() {}

    /** Where the endpoint listens ({@code 127.0.0.1:6060}), or the empty string when it does not. */
    public static String address() {
        return address;
    }

    /**
     * Binds {@code where} and starts serving; returns once the server accepts connections.
     *
     * @return the bound address (with the port the system chose for port 0)
     * @throws IOException when the address cannot be bound (a port in use, say)
     */
    public static InetSocketAddress start(InetSocketAddress where) throws IOException {
        ThreadGroup group = new ThreadGroup("jtracemalloc-http");
        UntracedWork.untraceThreadGroup(group);
        FutureTask<HttpServer> starting = new FutureTask<>(() -> create(where, group));
        Thread starter = new Thread(group, starting, "jtracemalloc-http-start");
        starter.setDaemon(true); // the dispatcher thread inherits it; it must not keep the JVM alive
        starter.start();
        HttpServer server;
        try {
            server = starting.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the HTTP server on " + where, e);
        }
        // The address asked for, with the port bound: a dual-stack socket reports 0.0.0.0 as [::].
        InetSocketAddress bound = new InetSocketAddress(where.getAddress(), server.getAddress().getPort());
        address = hostAndPort(bound);
        return bound;
    }

    private static HttpServer create(InetSocketAddress where, ThreadGroup group) throws IOException {
        HttpServer server = HttpServer.create(where, 0);
        AtomicInteger workers = new AtomicInteger();
        server.setExecutor(Executors.newFixedThreadPool(WORKERS, task -> {
            Thread worker = new Thread(group, task, "jtracemalloc-http-" + workers.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        }));
        server.createContext("/", new ScrapeHandler());
        server.start();
        return server;
    }

    /** {@code 127.0.0.1:6060}, {@code [::1]:6060}: as the {@code http} key takes it. */
    public static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
