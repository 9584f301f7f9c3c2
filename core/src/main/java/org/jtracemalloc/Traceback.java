package org.jtracemalloc;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * The frames that led to an allocation. Given most recent call first, exposed oldest first
 * ({@code get(0)} is the oldest), as CPython 3.7+ does.
 */
public final class Traceback extends AbstractList<Frame> implements RandomAccess {
    private final Frame[] frames; // oldest first
    private final Integer totalNframe;

    public Traceback(List<Frame> mostRecentFirst) {
        this(mostRecentFirst, null);
    }

    public Traceback(List<Frame> mostRecentFirst, Integer totalNframe) {
        List<Frame> copy = new ArrayList<>(mostRecentFirst);
        Collections.reverse(copy);
        this.frames = copy.toArray(new Frame[0]);
        this.totalNframe = totalNframe;
    }

    public Integer totalNframe() {
        return totalNframe;
    }

    @Override
    public Frame get(int index) {
        return frames[index];
    }

    @Override
    public int size() {
        return frames.length;
    }
}
