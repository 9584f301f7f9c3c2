package org.jtracemalloc.it.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent and a deep traceback limit: makes the agent work while tracing (classes
 * loaded, so rewritten, on this thread; the MBean registered on the agent's thread), then prints
 * how many live traces have a frame of the agent's own code anywhere in their traceback
 * ({@code agentTraces N}, with the first few as {@code agentTrace ...} lines) and how many traces
 * this program's own line has ({@code ownLineTraces N}).
 */
public final class AgentOwnWork {
    private static final String OWN_FILENAME = "org/jtracemalloc/it/app/AgentOwnWork.java";
    /** The agent's packages: in a frame's file name, code the agent runs, never the application. */
    private static final List<String> AGENT_PACKAGES = List.of("org/jtracemalloc/agent/", "org/jtracemalloc/jmx/",
            "org/jtracemalloc/store/", "org/jtracemalloc/format/", "org/jtracemalloc/shaded/", "org/jtracemalloc/bootstrap/");

    private AgentOwnWork() {}

    public static void main(String[] args) throws Exception {
        List<Object> kept = new ArrayList<>();
        // Classes this JVM has not loaded yet: each is rewritten on this thread as it loads.
        kept.add(new java.util.concurrent.ConcurrentSkipListMap<String, String>());
        kept.add(java.time.ZonedDateTime.now().toString());
        kept.add(java.util.regex.Pattern.compile("a+b*c?"));
        kept.add(javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder());
        for (int i = 0; i < 100; i++) {
            kept.add(new long[8]); // site: own
        }
        AgentMBean.awaitRegistration();
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        int agentTraces = 0;
        int ownLineTraces = 0;
        Map<String, Integer> examples = new TreeMap<>();
        for (Trace trace : snapshot.traces()) {
            for (Frame frame : trace.traceback()) {
                if (AGENT_PACKAGES.stream().anyMatch(frame.filename()::startsWith)) {
                    agentTraces++;
                    examples.merge(trace.traceback().toString(), 1, Integer::sum);
                    break;
                }
            }
            if (trace.traceback().get(trace.traceback().size() - 1).filename().equals(OWN_FILENAME)) {
                ownLineTraces++;
            }
        }
        System.out.println("agentTraces " + agentTraces);
        examples.keySet().stream().limit(5).forEach(example -> System.out.println("agentTrace " + example));
        System.out.println("ownLineTraces " + ownLineTraces);
        System.out.println("kept " + kept.size());
    }
}
