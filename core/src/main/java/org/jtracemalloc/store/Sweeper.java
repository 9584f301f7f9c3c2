package org.jtracemalloc.store;

/**
 * The daemon thread {@code jtracemalloc-sweeper}: after each garbage collection it forgets the
 * reclaimed objects, so that current traced memory drops soon after a collection even if nobody
 * queries it. Everything it does is store work, so its thread is marked busy for good and its
 * allocations (in instrumented JDK code) are never traced.
 */
final class Sweeper implements Runnable {
    static final String THREAD_NAME = "jtracemalloc-sweeper";
    private final GcSentinel sentinel;

    Sweeper(GcSentinel sentinel) {
        this.sentinel = sentinel;
    }

    static Thread start(GcSentinel sentinel) {
        Thread thread = new Thread(new Sweeper(sentinel), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        ThreadState.current().enter(); // for good: never closed
        while (true) {
            try {
                sentinel.awaitCollection();
                TraceStore.sweepAfterCollection();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                TraceEngine.countRecordError();
            }
        }
    }
}
