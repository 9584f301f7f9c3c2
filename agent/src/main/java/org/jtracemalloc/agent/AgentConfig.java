package org.jtracemalloc.agent;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.TracingSettings;
import org.jtracemalloc.agent.instrument.ClassNameFilter;
import org.jtracemalloc.agent.instrument.RewriteScope;
import org.jtracemalloc.http.ScrapeServer;

/**
 * The agent's settings, immutable. Each key can be given as a system property
 * {@code jtracemalloc.<key>} or as an agent argument {@code key=value,key=value}; an agent argument
 * wins over the property. Every bad value is rejected with an {@link AgentConfigException} whose
 * message names the key, the value and what is allowed. {@code docs/configuration.md} documents
 * the keys.
 */
public final class AgentConfig {
    static final String PROPERTY_PREFIX = "jtracemalloc.";

    private static final String HTTP_ALLOW_REMOTE = "http.allowRemote";
    private static final String DUMP_ON_EXIT_GC = "dumpOnExit.gc";
    private static final List<String> KEYS = List.of("start", "nframe", "domains", "include", "exclude", "dumpOnExit",
            DUMP_ON_EXIT_GC, "log", "sampling", "maxTraces", "maxMemory", "verifySizes", "http", HTTP_ALLOW_REMOTE);
    private static final int MAX_PORT = 65535;

    private final boolean start;
    private final int nframe;
    private final SortedSet<Integer> domains;
    private final List<String> include;
    private final List<String> exclude;
    private final ClassNameFilter classFilter;
    private final Path dumpOnExit;
    private final boolean dumpOnExitGc;
    private final AgentLog.Level log;
    private final long sampling;
    private final long maxTraces;
    /** Bytes, or 0 for the store's default (a share of the maximum heap). */
    private final long maxMemory;
    private final boolean verifySizes;
    private final InetSocketAddress http;

    private AgentConfig(Map<String, Setting> settings) {
        this.start = parseBoolean(settings.get("start"), true);
        this.nframe = parseNframe(settings.get("nframe"));
        this.domains = parseDomains(settings.get("domains"));
        this.include = parseGlobs(settings.get("include"));
        this.exclude = parseGlobs(settings.get("exclude"));
        this.classFilter = compileFilter(settings);
        this.dumpOnExit = parseDumpPath(settings.get("dumpOnExit"));
        this.dumpOnExitGc = parseBoolean(settings.get(DUMP_ON_EXIT_GC), true);
        this.log = parseLevel(settings.get("log"));
        this.sampling = parseSampling(settings.get("sampling"));
        this.maxTraces = parseMaxTraces(settings.get("maxTraces"));
        this.maxMemory = parseMaxMemory(settings.get("maxMemory"));
        this.verifySizes = parseBoolean(settings.get("verifySizes"), false);
        this.http = parseHttp(settings.get("http"), parseBoolean(settings.get(HTTP_ALLOW_REMOTE), false));
    }

    /**
     * Reads the settings from {@code systemProperties} and {@code agentArgs} (null or empty: none).
     *
     * @throws AgentConfigException for a malformed argument string, an unknown key or a bad value
     */
    public static AgentConfig parse(String agentArgs, Properties systemProperties) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = systemProperties.getProperty(PROPERTY_PREFIX + key);
            if (value != null) {
                settings.put(key, new Setting(PROPERTY_PREFIX + key, value.trim()));
            }
        }
        settings.putAll(parseArguments(agentArgs));
        return new AgentConfig(settings);
    }

    /** Whether tracing starts as soon as the agent is installed. */
    public boolean start() {
        return start;
    }

    /** The traceback limit tracing starts with. */
    public int nframe() {
        return nframe;
    }

    /** Whether heap allocations (domain 0) are instrumented. */
    public boolean heap() {
        return domains.contains(Tracemalloc.HEAP_DOMAIN);
    }

    /** Whether native memory from {@code Unsafe} (domain 1) is instrumented. */
    public boolean nativeMemory() {
        return domains.contains(Tracemalloc.NATIVE_DOMAIN);
    }

    /** Which classes the user allows to be instrumented. */
    public ClassNameFilter classFilter() {
        return classFilter;
    }

    /** What the rewriting covers: the domains traced and the classes allowed. */
    public RewriteScope rewriteScope() {
        return new RewriteScope(heap(), classFilter, nativeMemory());
    }

    /** Where a snapshot is written at JVM exit, or null. */
    public Path dumpOnExit() {
        return dumpOnExit;
    }

    /** Whether the exit snapshot is a settled one, taken after a full collection (the default). */
    public boolean dumpOnExitGc() {
        return dumpOnExitGc;
    }

    public AgentLog.Level log() {
        return log;
    }

    /** The mean bytes between sampled allocations ({@code docs/sampling.md}); 0 traces every allocation. */
    public long sampling() {
        return sampling;
    }

    /** The most live heap traces kept; {@link Long#MAX_VALUE} (the default) for no cap. */
    public long maxTraces() {
        return maxTraces;
    }

    /** The store's memory budget in bytes; 0 for its default, half the maximum heap. */
    public long maxMemory() {
        return maxMemory;
    }

    /** The store's settings these keys make: {@link #sampling}, {@link #maxTraces}, {@link #maxMemory}. */
    public TracingSettings tracingSettings() {
        TracingSettings settings = TracingSettings.defaults().withSamplingInterval(sampling).withMaxTraces(maxTraces);
        return maxMemory == 0 ? settings : settings.withMaxMemory(maxMemory);
    }

    /** Whether every traced size is checked against {@code Instrumentation.getObjectSize} (a diagnostic). */
    public boolean verifySizes() {
        return verifySizes;
    }

    /** Where the scrape endpoint listens ({@code http=HOST:PORT}), or null: none (the default). */
    public InetSocketAddress http() {
        return http;
    }

    @Override
    public String toString() {
        return "start=" + start + ",nframe=" + nframe + ",domains=" + domains + ",include=" + include
                + ",exclude=" + exclude + ",dumpOnExit=" + dumpOnExit
                + (dumpOnExitGc ? "" : "," + DUMP_ON_EXIT_GC + "=false") + ",log=" + log.name().toLowerCase(Locale.ROOT)
                + ",sampling=" + sampling + (maxTraces == Long.MAX_VALUE ? "" : ",maxTraces=" + maxTraces)
                + (maxMemory == 0 ? "" : ",maxMemory=" + maxMemory)
                + (verifySizes ? ",verifySizes=true" : "") + (http == null ? "" : ",http=" + ScrapeServer.hostAndPort(http));
    }

    /** A value and the name it was given under (a property or an argument key), for messages. */
    private record Setting(String name, String value) {}

    private static Map<String, Setting> parseArguments(String agentArgs) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            // -javaagent:jar and attach without options pass null, Launcher-Agent-Class passes "".
            return settings;
        }
        for (String argument : agentArgs.split(",", -1)) {
            int equals = argument.indexOf('=');
            String key = equals < 0 ? "" : argument.substring(0, equals).trim();
            if (key.isEmpty()) {
                throw new AgentConfigException("jtracemalloc: malformed agent argument '" + argument + "' in '" + agentArgs
                        + "': expected key=value pairs separated by ',' (keys: " + String.join(", ", KEYS) + ")");
            }
            if (!KEYS.contains(key)) {
                throw new AgentConfigException("jtracemalloc: unknown agent argument key '" + key + "' (value '"
                        + argument.substring(equals + 1) + "'): allowed keys are " + String.join(", ", KEYS));
            }
            settings.put(key, new Setting(key, argument.substring(equals + 1).trim()));
        }
        return settings;
    }

    private static AgentConfigException invalid(Setting setting, String allowed) {
        return new AgentConfigException("jtracemalloc: invalid value '" + setting.value() + "' for "
                + setting.name() + ": " + allowed);
    }

    private static boolean parseBoolean(Setting setting, boolean defaultValue) {
        if (setting == null) {
            return defaultValue;
        }
        return switch (setting.value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(setting, "expected true or false");
        };
    }

    private static int parseNframe(Setting setting) {
        if (setting == null) {
            return 1;
        }
        String allowed = "expected an integer from 1 to " + Tracemalloc.MAX_NFRAME;
        try {
            int nframe = Integer.parseInt(setting.value());
            if (nframe < 1 || nframe > Tracemalloc.MAX_NFRAME) {
                throw invalid(setting, allowed);
            }
            return nframe;
        } catch (NumberFormatException e) {
            throw invalid(setting, allowed);
        }
    }

    private static SortedSet<Integer> parseDomains(Setting setting) {
        SortedSet<Integer> domains = new TreeSet<>();
        if (setting == null) {
            domains.add(Tracemalloc.HEAP_DOMAIN);
            return domains;
        }
        String allowed = "expected heap, native or a domain number (0 to 4294967295), joined with '+'";
        for (String token : setting.value().split("\\+", -1)) {
            String domain = token.trim().toLowerCase(Locale.ROOT);
            switch (domain) {
                case "heap" -> domains.add(Tracemalloc.HEAP_DOMAIN);
                case "native" -> domains.add(Tracemalloc.NATIVE_DOMAIN);
                default -> {
                    try {
                        // CPython's domains are unsigned 32-bit integers.
                        domains.add(Integer.parseUnsignedInt(domain));
                    } catch (NumberFormatException e) {
                        throw invalid(setting, allowed);
                    }
                }
            }
        }
        return domains;
    }

    private static List<String> parseGlobs(Setting setting) {
        if (setting == null) {
            return List.of();
        }
        List<String> globs = new ArrayList<>();
        for (String glob : setting.value().split("[+;]", -1)) {
            if (glob.isBlank()) {
                throw invalid(setting, "expected class-name globs (such as com.acme.* or *Cache) separated by '+' or ';'");
            }
            globs.add(glob.trim());
        }
        return List.copyOf(globs);
    }

    private ClassNameFilter compileFilter(Map<String, Setting> settings) {
        try {
            return ClassNameFilter.of(include, exclude);
        } catch (IllegalArgumentException e) {
            Setting setting = include.contains(e.getMessage()) ? settings.get("include") : settings.get("exclude");
            throw invalid(setting, "'" + e.getMessage() + "' is not a glob: use class-name characters, '.', '*' and '?'");
        }
    }

    private static Path parseDumpPath(Setting setting) {
        if (setting == null) {
            return null;
        }
        Path path;
        try {
            path = Path.of(setting.value()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid(setting, "expected a file path (" + e.getReason() + ")");
        }
        Path directory = path.getParent();
        if (setting.value().isEmpty() || Files.isDirectory(path)) {
            throw invalid(setting, "expected a file path, not a directory");
        }
        if (directory == null || !Files.isDirectory(directory)) {
            throw invalid(setting, "expected a file in an existing directory");
        }
        if (Files.exists(path) ? !Files.isWritable(path) : !Files.isWritable(directory)) {
            throw invalid(setting, "expected a writable file path");
        }
        return path;
    }

    private static long parseSampling(Setting setting) {
        return setting == null ? 0 : parseBytes(setting,
                "expected a number of bytes with an optional k, m or g suffix (such as 512k), 0 to trace every allocation");
    }

    private static long parseMaxMemory(Setting setting) {
        if (setting == null) {
            return 0;
        }
        String allowed = "expected a number of bytes of at least 1m, with an optional k, m or g suffix (such as 512m)";
        long bytes = parseBytes(setting, allowed);
        if (bytes < 1 << 20) {
            throw invalid(setting, allowed);
        }
        return bytes;
    }

    /** A byte count: digits with an optional k, m or g suffix (any case, powers of 1024). */
    private static long parseBytes(Setting setting, String allowed) {
        String value = setting.value().toLowerCase(Locale.ROOT);
        int shift = value.isEmpty() ? 0 : switch (value.charAt(value.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(setting, allowed);
        }
        try {
            long number = Long.parseLong(digits);
            if (number > Long.MAX_VALUE >> shift) {
                throw invalid(setting, allowed);
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw invalid(setting, allowed);
        }
    }

    private static long parseMaxTraces(Setting setting) {
        if (setting == null) {
            return Long.MAX_VALUE;
        }
        String allowed = "expected a positive number of traces (such as 1000000)";
        try {
            long max = Long.parseLong(setting.value());
            if (max < 1) {
                throw invalid(setting, allowed);
            }
            return max;
        } catch (NumberFormatException e) {
            throw invalid(setting, allowed);
        }
    }

    /**
     * {@code HOST:PORT} (an IPv6 literal in brackets; port 0: one the system picks). The endpoint
     * has no authentication, so an address that is not loopback must be allowed by a second key.
     */
    private static InetSocketAddress parseHttp(Setting setting, boolean allowRemote) {
        if (setting == null) {
            return null;
        }
        String allowed = "expected HOST:PORT with a port from 0 to " + MAX_PORT + ", such as 127.0.0.1:6060 or [::1]:6060";
        String value = setting.value();
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw invalid(setting, allowed + " (an IPv6 address goes in brackets)");
        }
        if (host.isEmpty() || port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(port) > MAX_PORT) {
            throw invalid(setting, allowed);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw invalid(setting, "unknown host '" + host + "'");
        }
        if (!address.isLoopbackAddress() && !allowRemote) {
            throw new AgentConfigException("jtracemalloc: refusing " + setting.name() + "=" + value + ": "
                    + address.getHostAddress() + " is not a loopback address, and the endpoint has no authentication;"
                    + " to serve it there all the same, also set " + HTTP_ALLOW_REMOTE + "=true (system property "
                    + PROPERTY_PREFIX + HTTP_ALLOW_REMOTE + ")");
        }
        return new InetSocketAddress(address, Integer.parseInt(port));
    }

    private static AgentLog.Level parseLevel(Setting setting) {
        if (setting == null) {
            return AgentLog.Level.WARN;
        }
        return Arrays.stream(AgentLog.Level.values())
                .filter(level -> level.name().equalsIgnoreCase(setting.value()))
                .findFirst()
                .orElseThrow(() -> invalid(setting, "expected off, error, warn, info or debug"));
    }
}
