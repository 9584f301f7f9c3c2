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
    private final BaseFilter[] include;
    private final BaseFilter[] exclude;
    private final List<Filter> fileFilters = new ArrayList<>();
    private final Map<Filter, Integer> fileFilterIndex = new HashMap<>(); // identity: Filter has no equals
    private final Map<Traceback, boolean[]> tracebackAnswers = new HashMap<>();

    FilterSet(Iterable<? extends BaseFilter> filters) {
        List<BaseFilter> inclusive = new ArrayList<>();
        List<BaseFilter> exclusive = new ArrayList<>();
        for (BaseFilter filter : filters) {
            (filter.inclusive() ? inclusive : exclusive).add(filter);
            if (filter instanceof Filter f && !fileFilterIndex.containsKey(f)) {
                fileFilterIndex.put(f, fileFilters.size());
                fileFilters.add(f);
            }
        }
        include = inclusive.toArray(new BaseFilter[0]);
        exclude = exclusive.toArray(new BaseFilter[0]);
    }

    boolean accepts(Trace trace) {
        boolean[] answers = tracebackAnswers.get(trace.traceback());
        if (answers == null) {
            answers = new boolean[fileFilters.size()];
            for (int i = 0; i < answers.length; i++) {
                answers[i] = fileFilters.get(i).matchTraceback(trace.traceback());
            }
            tracebackAnswers.put(trace.traceback(), answers);
        }
        if (include.length > 0 && !passesAny(include, trace, answers)) {
            return false;
        }
        for (BaseFilter filter : exclude) {
            if (!passes(filter, trace, answers)) {
                return false;
            }
        }
        return true;
    }

    private boolean passesAny(BaseFilter[] filters, Trace trace, boolean[] answers) {
        for (BaseFilter filter : filters) {
            if (passes(filter, trace, answers)) {
                return true;
            }
        }
        return false;
    }

    private boolean passes(BaseFilter filter, Trace trace, boolean[] answers) {
        if (filter instanceof Filter f) {
            return f.test(answers[fileFilterIndex.get(f)], trace.domain());
        }
        return ((DomainFilter) filter).test(trace);
    }
}
