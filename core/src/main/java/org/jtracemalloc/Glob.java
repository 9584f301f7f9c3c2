package org.jtracemalloc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shell pattern with exactly the meaning of Python's {@code fnmatch.fnmatchcase} (3.11) on
 * POSIX: {@code *} matches any run of characters including {@code /}, {@code ?} one code point,
 * {@code [seq]} and {@code [!seq]} a set with ranges, a {@code [} without a closing {@code ]} is a
 * literal, and there is no escape character. The whole name must match; case counts.
 *
 * <p>Python compiles the pattern into a regular expression; here each piece of the pattern is
 * one step that matches one code point (or {@code *}), which is what that expression amounts to,
 * without carrying Python's regex syntax rules over into {@code java.util.regex}.
 */
final class Glob {
    /** One pattern step that matches exactly one code point. */
    private interface CodePointTest {
        boolean test(int codePoint);
    }

    private static final CodePointTest ANY = cp -> true;
    private static final CodePointTest NONE = cp -> false;

    /** The steps; {@code null} stands for {@code *}. */
    private final CodePointTest[] steps;

    private Glob(CodePointTest[] steps) {
        this.steps = steps;
    }

    static Glob compile(String pattern) {
        int[] p = pattern.codePoints().toArray();
        List<CodePointTest> steps = new ArrayList<>();
        int i = 0;
        int n = p.length;
        while (i < n) {
            int c = p[i++];
            if (c == '*') {
                if (steps.isEmpty() || steps.get(steps.size() - 1) != null) {
                    steps.add(null);
                }
            } else if (c == '?') {
                steps.add(ANY);
            } else if (c == '[') {
                int j = i;
                if (j < n && p[j] == '!') {
                    j++;
                }
                if (j < n && p[j] == ']') {
                    j++;
                }
                while (j < n && p[j] != ']') {
                    j++;
                }
                if (j >= n) {
                    steps.add(literal('['));
                } else {
                    steps.add(bracket(p, i, j));
                    i = j + 1;
                }
            } else {
                steps.add(literal(c));
            }
        }
        return new Glob(steps.toArray(new CodePointTest[0]));
    }

    private static CodePointTest literal(int c) {
        return cp -> cp == c;
    }

    /** Marks a hyphen that makes a range, as opposed to a literal {@code -}. */
    private static final int RANGE = -1;

    /**
     * The set {@code [p[from..to)]}, split into literal code points and ranges the way
     * {@code fnmatch.translate} does: a hyphen right after {@code [} or {@code [!}, or right after
     * a range, is literal; a range whose start is above its end is removed with its two ends.
     */
    private static CodePointTest bracket(int[] p, int from, int to) {
        List<int[]> chunks = new ArrayList<>();
        if (indexOf(p, '-', from, to) < 0) {
            chunks.add(Arrays.copyOfRange(p, from, to));
        } else {
            int start = from;
            int k = p[from] == '!' ? from + 2 : from + 1;
            while ((k = indexOf(p, '-', k, to)) >= 0) {
                chunks.add(Arrays.copyOfRange(p, start, k));
                start = k + 1;
                k += 3;
            }
            if (start < to) {
                chunks.add(Arrays.copyOfRange(p, start, to));
            } else {
                int[] last = chunks.get(chunks.size() - 1);
                int[] withHyphen = Arrays.copyOf(last, last.length + 1);
                withHyphen[last.length] = '-';
                chunks.set(chunks.size() - 1, withHyphen);
            }
            for (int c = chunks.size() - 1; c > 0; c--) {
                int[] before = chunks.get(c - 1);
                int[] after = chunks.get(c);
                if (before[before.length - 1] > after[0]) {
                    int[] merged = new int[before.length - 1 + after.length - 1];
                    System.arraycopy(before, 0, merged, 0, before.length - 1);
                    System.arraycopy(after, 1, merged, before.length - 1, after.length - 1);
                    chunks.set(c - 1, merged);
                    chunks.remove(c);
                }
            }
        }
        List<Integer> items = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            if (c > 0) {
                items.add(RANGE);
            }
            for (int cp : chunks.get(c)) {
                items.add(cp);
            }
        }
        if (items.isEmpty()) {
            return NONE;
        }
        if (items.size() == 1 && items.get(0) == '!') {
            return ANY;
        }
        boolean negated = items.get(0) == '!';
        List<int[]> ranges = new ArrayList<>();
        for (int x = negated ? 1 : 0; x < items.size(); x++) {
            int lo = items.get(x);
            if (x + 2 < items.size() && items.get(x + 1) == RANGE) {
                ranges.add(new int[] {lo, items.get(x + 2)});
                x += 2;
            } else {
                ranges.add(new int[] {lo, lo});
            }
        }
        int[][] set = ranges.toArray(new int[0][]);
        return cp -> {
            for (int[] range : set) {
                if (range[0] <= cp && cp <= range[1]) {
                    return !negated;
                }
            }
            return negated;
        };
    }

    private static int indexOf(int[] p, int value, int from, int to) {
        for (int k = from; k < to; k++) {
            if (p[k] == value) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the whole of {@code name} matches. */
    boolean matches(String name) {
        int t = 0;
        int s = 0;
        int starStep = -1;
        int starText = 0;
        int length = name.length();
        while (t < length) {
            int cp = name.codePointAt(t);
            if (s < steps.length && steps[s] != null && steps[s].test(cp)) {
                s++;
                t += Character.charCount(cp);
            } else if (s < steps.length && steps[s] == null) {
                starStep = s++;
                starText = t;
            } else if (starStep >= 0) {
                // Let the last '*' take one more code point and retry the steps after it.
                s = starStep + 1;
                starText += Character.charCount(name.codePointAt(starText));
                t = starText;
            } else {
                return false;
            }
        }
        while (s < steps.length && steps[s] == null) {
            s++;
        }
        return s == steps.length;
    }
}
