package org.jtracemalloc.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which classes the user wants instrumented: the {@code include} and {@code exclude} globs.
 * A class is instrumented when it matches some include glob (or there are none) and no exclude
 * glob. In a glob {@code *} matches any run of characters, dots included ({@code com.acme.*}
 * covers sub-packages), {@code ?} one character; everything else is literal.
 */
public final class ClassNameFilter {
    /**
     * What a glob may be made of. In a holder, compiled only when a glob is given: the agent reads
     * its filter before {@code main}, and each class the regex engine loads then is one more to
     * rewrite at start-up (31 on JDK 25).
     */
    private static final class GlobSyntax {
        static final Pattern PATTERN = Pattern.compile("[\\p{javaJavaIdentifierPart}.*?]+");
    }

    private final List<Pattern> include;
    private final List<Pattern> exclude;

    private ClassNameFilter(List<Pattern> include, List<Pattern> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** A filter that accepts every class. */
    public static ClassNameFilter all() {
        return new ClassNameFilter(List.of(), List.of());
    }

    /**
     * Compiles the globs; throws IllegalArgumentException naming the first glob that is not made
     * of class-name characters, {@code *} and {@code ?}.
     */
    public static ClassNameFilter of(List<String> includeGlobs, List<String> excludeGlobs) {
        return new ClassNameFilter(compile(includeGlobs), compile(excludeGlobs));
    }

    public boolean accepts(String className) {
        return (include.isEmpty() || matchesAny(include, className)) && !matchesAny(exclude, className);
    }

    private static boolean matchesAny(List<Pattern> patterns, String className) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(className).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(List<String> globs) {
        // a loop, not a stream: this runs before main, where each first use of a stream costs class loading
        List<Pattern> patterns = new ArrayList<>(globs.size());
        for (String glob : globs) {
            patterns.add(compile(glob));
        }
        return List.copyOf(patterns);
    }

    private static Pattern compile(String glob) {
        if (!GlobSyntax.PATTERN.matcher(glob).matches()) {
            throw new IllegalArgumentException(glob);
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '.', '$' -> regex.append('\\').append(c);
                default -> regex.append(c);
            }
        }
        return Pattern.compile(regex.toString());
    }
}
