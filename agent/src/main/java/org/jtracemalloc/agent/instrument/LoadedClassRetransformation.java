package org.jtracemalloc.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jtracemalloc.agent.AgentLog;

/**
 * Retransforms the classes that were loaded before the transformer was installed, in passes: every
 * loaded class, then the classes loaded meanwhile, until a pass finds none. Classes the transformer
 * already rewrote as they loaded are skipped ({@link LoadTimeTransformedClasses}).
 *
 * <p>Each pass is cut into batches, one call to {@link Instrumentation#retransformClasses} each.
 * At start-up a pass is one batch (nothing else runs yet). On attach the batches are small and
 * paused so that the running application keeps serving: the JVM retransforms at a safepoint.
 * A batch the JVM refuses is split in halves until the refusing class is isolated; the rest of the
 * batch is retransformed, the refused class stays unmodified and is counted as failed.
 */
final class LoadedClassRetransformation {
    private final Instrumentation instrumentation;
    private final AllocationTransformer transformer;
    private final LoadTimeTransformedClasses loadTimeTransformed;
    private final InstrumentationStats stats;
    private final int batchSize;
    private final long pauseMillis;
    private int batches;
    private int retransformed;

    /**
     * @param batchSize classes per {@code retransformClasses} call; {@code Integer.MAX_VALUE} for a whole pass
     * @param pauseMillis sleep between two batches
     */
    LoadedClassRetransformation(Instrumentation instrumentation, AllocationTransformer transformer,
                                LoadTimeTransformedClasses loadTimeTransformed, InstrumentationStats stats,
                                int batchSize, long pauseMillis) {
        this.instrumentation = instrumentation;
        this.transformer = transformer;
        this.loadTimeTransformed = loadTimeTransformed;
        this.stats = stats;
        this.batchSize = batchSize;
        this.pauseMillis = pauseMillis;
    }

    /** Runs the passes; returns when a pass finds no class loaded since the previous one. */
    void run() {
        Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int passes = 0;
        while (true) {
            List<Class<?>> pass = new ArrayList<>();
            boolean newlyLoaded = false;
            for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                if (seen.add(type)) {
                    newlyLoaded = true;
                    if (isCandidate(type)) {
                        pass.add(type);
                    }
                }
            }
            if (!newlyLoaded) {
                break;
            }
            passes++;
            for (int from = 0; from < pass.size(); from += batchSize) {
                if (batches > 0 && pauseMillis > 0) {
                    pause();
                }
                batches++;
                retransform(pass.subList(from, (int) Math.min(pass.size(), (long) from + batchSize)));
            }
        }
        AgentLog.info("retransformed " + retransformed + " loaded classes in " + passes + " passes, " + batches
                + " batches; " + stats);
    }

    private boolean isCandidate(Class<?> type) {
        // not modifiable: arrays, primitives, hidden classes (lambda proxies, method handle forms)
        return instrumentation.isModifiableClass(type) && transformer.transforms(type.getName())
                && !loadTimeTransformed.contains(type);
    }

    private void retransform(List<Class<?>> batch) {
        try {
            instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
            retransformed += batch.size();
        } catch (Exception | LinkageError | InternalError refused) {
            if (batch.size() > 1) {
                int half = batch.size() / 2;
                retransform(batch.subList(0, half));
                retransform(batch.subList(half, batch.size()));
            } else {
                stats.classFailed();
                if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                    AgentLog.debug("cannot retransform " + batch.get(0).getName() + ", it stays unmodified: " + refused);
                }
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
