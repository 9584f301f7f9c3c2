package org.jtracemalloc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The filters of one {@link Snapshot#filterTraces(Iterable)} call, applied as CPython's
 * {@code _filter_trace} does: the trace must pass at least one inclusive filter (when there are
 * any) and every exclusive filter.
 *
 * <p>Traces from one allocation site share one traceback, so the file-pattern part of every
 * {@link Filter} is computed once per distinct traceback and remembered.
 */
final class FilterSet {
    private final BaseFilter[] filters; // the inclusive ones first
    private final int inclusiveCount;
    private final Map<Traceback, boolean[]> tracebackAnswers = new HashMap<>();

    FilterSet(Iterable<? extends BaseFilter> filters) {
        List<BaseFilter> inclusive = new ArrayList<>();
        List<BaseFilter> exclusive = new ArrayList<>();
        for (BaseFilter filter : filters) {
            (filter.inclusive() ? inclusive : exclusive).add(filter);
        }
        inclusiveCount = inclusive.size();
        inclusive.addAll(exclusive);
        this.filters = inclusive.toArray(new BaseFilter[0]);
    }

    boolean accepts(Trace trace) {
        boolean[] answers = tracebackAnswers.computeIfAbsent(trace.traceback(), this::matchTraceback);
        if (inclusiveCount > 0) {
            boolean any = false;
            for (int i = 0; i < inclusiveCount && !any; i++) {
                any = passes(i, trace, answers);
            }
            if (!any) {
                return false;
            }
        }
        for (int i = inclusiveCount; i < filters.length; i++) {
            if (!passes(i, trace, answers)) {
                return false;
            }
        }
        return true;
    }

    /** Each Filter's answer for {@code traceback}, by position in {@link #filters}. */
    private boolean[] matchTraceback(Traceback traceback) {
        boolean[] answers = new boolean[filters.length];
        for (int i = 0; i < filters.length; i++) {
            answers[i] = filters[i] instanceof Filter f && f.matchTraceback(traceback);
        }
        return answers;
    }

    private boolean passes(int i, Trace trace, boolean[] answers) {
        if (filters[i] instanceof Filter f) {
            return f.test(answers[i], trace.domain());
        }
        return ((DomainFilter) filters[i]).test(trace);
    }
}
