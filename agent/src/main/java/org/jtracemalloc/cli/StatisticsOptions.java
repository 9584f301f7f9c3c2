package org.jtracemalloc.cli;

import java.util.ArrayList;
import java.util.List;
import org.jtracemalloc.BaseFilter;
import org.jtracemalloc.DomainFilter;
import org.jtracemalloc.Filter;
import org.jtracemalloc.KeyType;
import org.jtracemalloc.Snapshot;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of {@code top} and {@code diff}: how to group, how many lines, which traces. */
final class StatisticsOptions {
    @Option(names = "--key", paramLabel = "KEY", defaultValue = "lineno",
            description = "Group by lineno, filename or traceback (default: ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--cumulative",
            description = "Count each trace under every frame of its traceback, not only the allocating one (not with --key traceback).")
    boolean cumulative;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
            description = "How many lines to show (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Keep only traces allocated in files matching GLOB (fnmatch, e.g. 'com/example/*'); repeatable.")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Drop traces allocated in files matching GLOB; repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--all-frames",
            description = "Match --include and --exclude against every frame of a trace's traceback, not only the allocating one"
                    + " (Python's Filter all_frames), to keep or drop what passed through a framework or library.")
    boolean allFrames;

    @Option(names = "--domain", paramLabel = "N",
            description = "Keep only the traces of domain N (0: the Java heap, 1: native memory).")
    Integer domain;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    KeyType keyType() {
        try {
            KeyType type = KeyType.fromPythonName(key);
            if (cumulative && type == KeyType.TRACEBACK) {
                throw new ParameterException(spec.commandLine(), "--cumulative cannot be used with --key traceback");
            }
            return type;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--key: " + e.getMessage() + " (lineno, filename or traceback)");
        }
    }

    int limit() {
        if (limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative: " + limit);
        }
        return limit;
    }

    /** {@code snapshot} without the traces the options leave out; tracemalloc's filter semantics. */
    Snapshot filter(Snapshot snapshot) {
        List<BaseFilter> filters = new ArrayList<>();
        include.forEach(glob -> filters.add(new Filter(true, glob, null, allFrames, null)));
        exclude.forEach(glob -> filters.add(new Filter(false, glob, null, allFrames, null)));
        if (domain != null) {
            filters.add(new DomainFilter(true, domain));
        }
        return filters.isEmpty() ? snapshot : snapshot.filterTraces(filters);
    }
}
