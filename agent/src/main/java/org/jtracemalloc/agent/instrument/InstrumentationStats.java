package org.jtracemalloc.agent.instrument;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the instrumentation did so far: classes rewritten, classes that could not be transformed
 * (they keep running unmodified) and {@code NEW} sites left untraced because their bytecode does
 * not have javac's {@code NEW; DUP} shape. Read by status reporting; cheap to update from any
 * transforming thread.
 */
public final class InstrumentationStats {
    private final LongAdder classesInstrumented = new LongAdder();
    private final LongAdder classesFailed = new LongAdder();
    private final LongAdder sitesSkipped = new LongAdder();

    void classInstrumented() {
        classesInstrumented.increment();
    }

    void classFailed() {
        classesFailed.increment();
    }

    void siteSkipped() {
        sitesSkipped.increment();
    }

    /** Classes whose allocation sites were rewritten (a retransformed class counts each time). */
    public long classesInstrumented() {
        return classesInstrumented.sum();
    }

    /** Classes the JVM or Byte Buddy refused to transform; they run unmodified. */
    public long classesFailed() {
        return classesFailed.sum();
    }

    /** {@code NEW} instructions without the {@code DUP} the hook needs; their objects are not traced. */
    public long sitesSkipped() {
        return sitesSkipped.sum();
    }

    @Override
    public String toString() {
        return classesInstrumented() + " classes instrumented, " + classesFailed() + " failed, "
                + sitesSkipped() + " allocation sites skipped";
    }
}
