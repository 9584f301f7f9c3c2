package org.jtracemalloc.it.app;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts many short-lived threads that allocate, and prints how many completed. With the agent,
 * every new thread's first allocation creates its ThreadLocal map under the store's guard; if
 * that path were instrumented, each thread would die with StackOverflowError.
 */
public final class ThreadChurn {
    public static final int THREADS = 200;

    private ThreadChurn() {}

    public static void main(String[] args) throws InterruptedException {
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                StringBuilder text = new StringBuilder();
                for (int j = 0; j < 100; j++) {
                    text.append(index).append(':').append(new int[j].length);
                }
                if (text.length() > 0) {
                    completed.incrementAndGet();
                }
            }, "churn-" + i);
            threads[i].setUncaughtExceptionHandler((thread, error) -> failed.incrementAndGet());
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("completed " + completed.get() + " failed " + failed.get());
    }
}
