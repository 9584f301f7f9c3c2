package org.jtracemalloc.agent;

import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;

import org.jtracemalloc.Tracemalloc;

/**
 * Receives the native blocks the boot hook sees in {@code Unsafe} and traces them in
 * {@link Tracemalloc#NATIVE_DOMAIN} by address. While tracing is stopped {@code track}/{@code untrack}
 * do nothing. The store drops this class's frames (and Unsafe's) from the traceback, so a block's
 * most recent frame is the code that called Unsafe.
 */
final class NativeMemorySink implements LongBinaryOperator, LongConsumer {

    /** A block of {@code size} bytes at {@code address}; the result is unused. */
    @Override
    public long applyAsLong(long address, long size) {
        Tracemalloc.track(Tracemalloc.NATIVE_DOMAIN, address, size);
        return 0;
    }

    /** The block at {@code address} is released. */
    @Override
    public void accept(long address) {
        Tracemalloc.untrack(Tracemalloc.NATIVE_DOMAIN, address);
    }
}
