package org.jtracemalloc.store;

/**
 * The daemon thread {@code jtracemalloc-sweeper}: every few milliseconds it asks whether a
 * collection happened ({@link GcEpoch#poll}) and, if so, sweeps what the allocating threads have
 * not (the logs no thread has swept since the collection, ended threads' logs, the chunks handed
 * over), so that traced memory drops soon after a collection even if no thread allocates. Everything it does is store work, so its
 * thread is marked busy for good and its allocations (in instrumented JDK code) are never traced.
 */
final class Sweeper implements Runnable {
    static final String THREAD_NAME = "jtracemalloc-sweeper";
    /** How often it looks: a look is two {@code refersTo} and one small allocation. */
    private static final long POLL_MILLIS = 20;

    static Thread start() {
        Thread thread = new Thread(new Sweeper(), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        ThreadState.current().enter(); // for good: never closed
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
                TraceStore.sweepAfterCollection();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                HeapRecorder.countRecordError();
            }
        }
    }
}
