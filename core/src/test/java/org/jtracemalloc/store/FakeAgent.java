package org.jtracemalloc.store;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjIntConsumer;

import org.jtracemalloc.Tracemalloc;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link AgentBinding} for tests: {@link Blob}s have the size they carry, anything else 16
 * bytes; {@link #allocate} plays the instrumented allocation site. Registered as a JUnit extension
 * ({@code @RegisterExtension}), it binds the store to itself before each test, and stops tracing
 * and unbinds it after.
 */
public final class FakeAgent implements AgentBinding, BeforeEachCallback, AfterEachCallback {
    /** An object whose size the fake agent reports as {@code size}. */
    public record Blob(long size) {}

    private final boolean startsTracing;
    private volatile ObjIntConsumer<Object> sink;
    private volatile ThreadLocal<long[]> samplingCountdowns;
    private final LongAdder handedToStore = new LongAdder();

    private FakeAgent(boolean startsTracing) {
        this.startsTracing = startsTracing;
    }

    /** Bound before each test, with tracing stopped. */
    public static FakeAgent bound() {
        return new FakeAgent(false);
    }

    /** Bound before each test, with tracing started at the default traceback limit. */
    public static FakeAgent tracing() {
        return new FakeAgent(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        bind();
        if (startsTracing) {
            Tracemalloc.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        unbind();
    }

    @Override
    public long sizeOf(Object object) {
        return object instanceof Blob b ? b.size() : 16;
    }

    @Override
    public void connectHeapSink(ObjIntConsumer<Object> sink) {
        this.sink = sink;
    }

    @Override
    public void connectSamplingCountdowns(ThreadLocal<long[]> countdowns) {
        this.samplingCountdowns = countdowns;
    }

    /** Stops any tracing and binds the store to this fake, as the agent does when it loads. */
    public FakeAgent bind() {
        Tracemalloc.stop();
        AgentLink.bind(this);
        return this;
    }

    /** Stops tracing and leaves the store unbound, as it is in a JVM without the agent. */
    public static void unbind() {
        Tracemalloc.stop();
        AgentLink.bind(null);
    }

    public boolean connected() {
        return sink != null;
    }

    /** The store's sink, or null when not connected; an instrumented method calls it directly. */
    public ObjIntConsumer<Object> sink() {
        return sink;
    }

    /**
     * What an instrumented allocation does: hands the new object to the store; in sampling mode,
     * as the boot hook does, only when its size reaches the thread's next sample point (or the
     * thread's countdown is not in the hook).
     */
    public <T> T allocate(T object, int siteId) {
        ObjIntConsumer<Object> s = sink;
        if (s != null && !countedDownInHook(object)) {
            handedToStore.increment();
            s.accept(object, siteId);
        }
        return object;
    }

    /** How many allocations {@link #allocate} has handed to the store. */
    public long handedToStore() {
        return handedToStore.sum();
    }

    private boolean countedDownInHook(Object object) {
        ThreadLocal<long[]> countdowns = samplingCountdowns;
        long[] countdown = countdowns == null ? null : countdowns.get();
        if (countdown == null || countdown[0] < sizeOf(object)) {
            return false;
        }
        countdown[0] -= sizeOf(object);
        return true;
    }

    /**
     * Collects until {@code canary} is cleared (every weaker-reachable object of that age is gone),
     * then has the store forget every reclaimed object, as {@code Tracemalloc.collectGarbage} does.
     */
    public static void collectUntilCleared(WeakReference<?> canary) {
        for (int i = 0; i < 100 && !canary.refersTo(null); i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        if (!canary.refersTo(null)) {
            throw new AssertionError("the canary survived 100 collections");
        }
        TraceStore.collectGarbage();
    }
}
