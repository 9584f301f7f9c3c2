package org.jtracemalloc.store;

/**
 * Picks which allocations of one thread are traced in sampling mode ({@code docs/sampling.md}):
 * sample points fall on the thread's allocated bytes as a Poisson process with one point per
 * {@code mean} bytes on average, and an allocation is traced when a point falls inside it. So an
 * object of {@code s} bytes is traced with probability {@code 1 - exp(-s/mean)}, independently of
 * every other object, which is what makes the estimates of {@link #bytesRepresented} and
 * {@link #countRepresented} unbiased.
 *
 * <p>Owner thread only, no shared state: the random generator (xorshift64*) is this object's own.
 * The countdown is a one-element array so that the boot hook can take most allocations off it
 * itself ({@link ThreadState#countDownInHook}), and call the store only
 * for an allocation that reaches the next sample point.
 */
final class ByteSampler {
    private final long mean;
    private long random;
    /** Bytes left before the next sample point, never negative. */
    private final long[] countdown = new long[1];

    ByteSampler(long mean, long seed) {
        this.mean = mean;
        long mixed = mix(seed);
        this.random = mixed == 0 ? 0x9E3779B97F4A7C15L : mixed; // xorshift never leaves 0
        this.countdown[0] = nextInterval();
    }

    /** The mean bytes between sample points. */
    long mean() {
        return mean;
    }

    /** A sampler for the calling thread, seeded from its id and the clock. */
    static ByteSampler forCurrentThread(long mean) {
        return new ByteSampler(mean, Thread.currentThread().getId() * 0x9E3779B97F4A7C15L ^ System.nanoTime());
    }

    /**
     * Whether the allocation of {@code size} bytes is traced. Not traced: one subtraction and a
     * branch. Traced: the countdown restarts at the object's end (the process is memoryless, so
     * further points inside the same object need not be drawn).
     */
    boolean samples(long size) {
        long left = countdown[0] - size;
        if (left >= 0) {
            countdown[0] = left;
            return false;
        }
        countdown[0] = nextInterval();
        return true;
    }

    /**
     * Draws the next sample point afresh from here. The intervals are memoryless, so replacing
     * what is left of one by a new draw at any moment leaves the process of sample points as it
     * was: a point that fell inside an allocation of the store's own is dropped this way.
     */
    void redraw() {
        countdown[0] = nextInterval();
    }

    /** The countdown itself, for the boot hook to count down ({@link ThreadState#countDownInHook}). */
    long[] countdownCell() {
        return countdown;
    }

    /** The bytes, on average, that a traced object of {@code size} bytes stands for: {@code size / p}. */
    static long bytesRepresented(long size, long mean) {
        return Math.round(size / probability(size, mean));
    }

    /** The objects, on average, that a traced object of {@code size} bytes stands for: {@code 1 / p}, at least 1. */
    static long countRepresented(long size, long mean) {
        return Math.max(1, Math.round(1 / probability(size, mean)));
    }

    /** {@code 1 - exp(-size/mean)}, without the rounding loss of {@code 1 - exp(x)} for small x. */
    private static double probability(long size, long mean) {
        return -Math.expm1(-(double) Math.max(size, 1) / mean);
    }

    /** An exponential interval with the mean: {@code -ln(1 - u) * mean} for u uniform in [0, 1). */
    private long nextInterval() {
        random ^= random >>> 12;
        random ^= random << 25;
        random ^= random >>> 27;
        double u = ((random * 0x2545F4914F6CDD1DL) >>> 11) * 0x1.0p-53;
        return (long) (-Math.log1p(-u) * mean);
    }

    /** SplitMix64's finalizer: spreads seeds that differ in few bits (thread ids, clock reads). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
