package org.jtracemalloc.junit;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jtracemalloc.Filter;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Tracemalloc;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Measures what each test retains: a snapshot before the test (before the {@code @BeforeEach}
 * methods) and one after it (after the {@code @AfterEach} methods), each taken once the garbage
 * collector has settled, compared by line. What set-up creates and tear-down releases nets out.
 *
 * <p>The growth is published as the report entry {@value #REPORT_KEY}
 * ({@link ExtensionContext#publishReportEntry}) and printed on stderr. With {@link MaxRetained}
 * the test fails when the growth exceeds the limit. Tracing is started when needed (see
 * {@link TracingLease}) with the traceback limit of {@link TraceMemory}, or
 * {@value #DEFAULT_NFRAME} frames.
 *
 * <p>Snapshots see the whole JVM: tests running in parallel would count each other's memory.
 */
public final class TracemallocExtension implements BeforeEachCallback, AfterEachCallback {
    /** The traceback limit without {@link TraceMemory}. */
    public static final int DEFAULT_NFRAME = 8;
    /** The key of the report entry. */
    public static final String REPORT_KEY = "jtracemalloc.retained";

    private static final Namespace NAMESPACE = Namespace.create(TracemallocExtension.class);
    private static final int REPORT_LINES = 10;

    /** One test's measurement, kept in the test's extension store between the callbacks. */
    private static final class Measurement {
        final MaxRetained limit;
        Snapshot before;

        Measurement(MaxRetained limit) {
            this.limit = limit;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        int nframe = nearest(context, TraceMemory.class).map(TraceMemory::nframe).orElse(DEFAULT_NFRAME);
        if (nframe < 1 || nframe > Tracemalloc.MAX_NFRAME) {
            throw new IllegalArgumentException("@TraceMemory(nframe = " + nframe + ") on " + testName(context)
                    + ": nframe must be from 1 to " + Tracemalloc.MAX_NFRAME);
        }
        MaxRetained limit = nearest(context, MaxRetained.class).orElse(null);
        if (limit != null && limit.bytes() < 0) {
            throw new IllegalArgumentException("@MaxRetained(bytes = " + limit.bytes() + ") on " + testName(context)
                    + ": bytes must be >= 0");
        }
        // Stored before the first snapshot, so that its own memory is in both snapshots.
        Measurement measurement = new Measurement(limit);
        context.getStore(NAMESPACE).put(Measurement.class, measurement);
        TracingLease.acquire(nframe);
        try {
            HeapSettler.settle();
            measurement.before = Tracemalloc.takeSnapshot();
        } catch (RuntimeException e) {
            TracingLease.release();
            throw e;
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Measurement measurement = context.getStore(NAMESPACE).remove(Measurement.class, Measurement.class);
        if (measurement == null || measurement.before == null) {
            return; // beforeEach failed: it reported why
        }
        Snapshot after;
        boolean settled;
        try {
            settled = HeapSettler.settle();
            after = Tracemalloc.takeSnapshot();
        } finally {
            TracingLease.release();
        }
        MaxRetained limit = measurement.limit;
        List<Filter> filters = RetainedGrowth.filters(limit);
        RetainedGrowth growth = RetainedGrowth.between(measurement.before, after, filters);

        String report = testName(context) + " retained " + signed(growth.size()) + " B in " + signed(growth.count())
                + " blocks" + (limit == null ? "" : " " + describe(limit))
                + (settled ? "" : " (the heap did not settle: is System.gc() disabled?)")
                + (growth.noLineChanged() ? "" : ":\n" + growth.topLines(REPORT_LINES));
        context.publishReportEntry(REPORT_KEY, report);
        System.err.println("[jtracemalloc] " + report);

        if (limit != null && growth.size() > limit.bytes()) {
            throw new AssertionFailedError(testName(context) + " retained " + growth.size() + " B, more than the "
                    + limit.bytes() + " B allowed by @MaxRetained" + describeFilters(limit) + "; top lines:\n"
                    + growth.topLines(REPORT_LINES));
        }
    }

    /** The annotation on the test method, else on its class, else on an enclosing class. */
    private static <A extends Annotation> Optional<A> nearest(ExtensionContext context, Class<A> type) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<A> found = AnnotationSupport.findAnnotation(c.getElement(), type);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static String testName(ExtensionContext context) {
        return context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
    }

    private static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }

    private static String describe(MaxRetained limit) {
        return "(@MaxRetained: at most " + limit.bytes() + " B" + describeFilters(limit) + ")";
    }

    private static String describeFilters(MaxRetained limit) {
        return (limit.include().length == 0 ? "" : ", include " + Arrays.toString(limit.include()))
                + (limit.exclude().length == 0 ? "" : ", exclude " + Arrays.toString(limit.exclude()));
    }
}
