package org.jtracemalloc.agent.instrument;

import java.util.concurrent.atomic.LongAdder;

import org.jtracemalloc.store.TraceEngine;

/**
 * What the instrumentation did so far: classes rewritten and classes that could not be
 * transformed (they keep running unmodified), both kept by the trace store's counters so that
 * status and JMX read them there; and, here, the {@code NEW} sites left untraced because their
 * bytecode does not have javac's {@code NEW; DUP} shape.
 */
public final class InstrumentationStats {
    private final LongAdder sitesSkipped = new LongAdder();

    void classesInstrumented(int classes) {
        TraceEngine.countClassesInstrumented(classes);
    }

    void classesFailed(int classes) {
        TraceEngine.countClassesFailed(classes);
    }

    void siteSkipped() {
        sitesSkipped.increment();
    }

    /** {@code NEW} instructions without the {@code DUP} the hook needs; their objects are not traced. */
    public long sitesSkipped() {
        return sitesSkipped.sum();
    }

    @Override
    public String toString() {
        return TraceEngine.classesInstrumented() + " classes instrumented, " + TraceEngine.classesFailed() + " failed, "
                + sitesSkipped() + " allocation sites skipped";
    }
}
