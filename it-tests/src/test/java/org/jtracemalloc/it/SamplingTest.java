package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jtracemalloc.it.app.SampledAllocations;
import org.junit.jupiter.api.Test;

/**
 * {@code sampling=64k} with the real agent: estimates of a known workload.
 *
 * <p>1,000,000 kept objects of s = 48 bytes at M = 64 KiB are each traced with probability
 * p = 1 - exp(-s/M), about 732 traces; the estimated bytes and count have a relative standard
 * deviation of sqrt((1 - p) / (N p)) = 3.7%, and the test allows 5 of them. A 1 MiB array is
 * traced with probability 1 - exp(-16), so the large arrays come out exact. The allocation totals
 * of as many 48-byte arrays that die at once are estimates of the same variance, within the same 5
 * standard deviations.
 */
class SamplingTest {
    private static final SourceMarkers SITES = SourceMarkers.of(SampledAllocations.class);
    private static final long MEAN = 64 * 1024;
    private static final long SMALL_SIZE = 48;

    @Test
    void sampledStatisticsEstimateAKnownWorkload() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("sampling=64k").run(SampledAllocations.class);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(MEAN, result.number("samplingInterval"), result::toString);
        assertEquals(MEAN, result.number("mbeanSamplingInterval"), result::toString);
        assertTrue(result.number("traces") < SampledAllocations.SMALL / 100, result::toString);

        int n = SampledAllocations.SMALL;
        double p = -Math.expm1(-(double) SMALL_SIZE / MEAN);
        double tolerance = 5 * Math.sqrt((1 - p) / (n * p));
        List<Long> small = statisticOfLine(result, SITES.line("small"));
        assertEquals(SMALL_SIZE * n, small.get(0), SMALL_SIZE * n * tolerance, result::toString);
        assertEquals(n, small.get(1), n * tolerance, result::toString);

        List<Long> large = statisticOfLine(result, SITES.line("large"));
        long largeSize = large.get(0) / SampledAllocations.LARGE;
        assertEquals(SampledAllocations.LARGE, large.get(1), result::toString);
        assertEquals(0, large.get(0) % SampledAllocations.LARGE, result::toString);
        assertTrue(largeSize >= SampledAllocations.LARGE_LENGTH + 12 && largeSize <= SampledAllocations.LARGE_LENGTH + 16,
                result::toString);
        assertTrue(result.number("tracedCurrent") >= small.get(0) + large.get(0), result::toString);

        // Allocation totals: the same estimate for the kept arrays (the same sampled traces), and
        // one of the same variance for the dropped ones, dead or not.
        assertEquals(small, statisticOfLine(result, "allocated", SITES.line("small")), result::toString);
        assertEquals(large, statisticOfLine(result, "allocated", SITES.line("large")), result::toString);
        List<Long> garbage = statisticOfLine(result, "allocated", SITES.line("garbage"));
        assertEquals(SMALL_SIZE * n, garbage.get(0), SMALL_SIZE * n * tolerance, result::toString);
        assertEquals(n, garbage.get(1), n * tolerance, result::toString);
    }

    private static List<Long> statisticOfLine(ForkedJvm.Result result, int line) {
        return statisticOfLine(result, "statistic", line);
    }

    /** SIZE and COUNT of the output line {@code KEY LINE SIZE COUNT}. */
    private static List<Long> statisticOfLine(ForkedJvm.Result result, String key, int line) {
        return result.stdout().stream()
                .filter(text -> text.startsWith(key + " " + line + " "))
                .findFirst()
                .map(text -> List.of(text.split(" ")).subList(2, 4).stream().map(Long::valueOf).toList())
                .orElseThrow(() -> new AssertionError("no statistic for line " + line + ": " + result));
    }
}
