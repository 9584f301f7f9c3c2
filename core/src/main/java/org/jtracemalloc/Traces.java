package org.jtracemalloc;

import java.util.AbstractList;
import java.util.Collection;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The traces of a snapshot: an immutable list (CPython's {@code _Traces}). It prints as
 * {@code <Traces len=N>} like CPython, not element by element, since it often holds millions.
 * Equal to any list of equal traces in the same order.
 */
final class Traces extends AbstractList<Trace> implements RandomAccess {
    private final Trace[] traces;

    private Traces(Trace[] traces) {
        this.traces = traces;
    }

    static Traces copyOf(Collection<Trace> traces) {
        if (traces instanceof Traces t) {
            return t;
        }
        Trace[] array = traces.toArray(new Trace[0]);
        for (Trace trace : array) {
            Objects.requireNonNull(trace, "trace");
        }
        return new Traces(array);
    }

    @Override
    public Trace get(int index) {
        return traces[index];
    }

    @Override
    public int size() {
        return traces.length;
    }

    @Override
    public String toString() {
        return "<Traces len=" + traces.length + ">";
    }
}
