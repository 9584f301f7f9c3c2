package org.jtracemalloc.agent;

import java.lang.instrument.Instrumentation;

import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.agent.instrument.AllocationInstrumenter;
import org.jtracemalloc.agent.instrument.InstrumentationStats;
import org.jtracemalloc.jmx.TracemallocControl;
import org.jtracemalloc.store.AllocationSites;
import org.jtracemalloc.store.TraceEngine;
import org.jtracemalloc.store.TraceStore;

/**
 * The agent installed in this JVM: the installation sequence, run once, and what the status
 * commands read afterwards.
 */
public final class Agent {
    private static final InstrumentationStats STATS = new InstrumentationStats();
    private static volatile AgentConfig installedConfig;

    private Agent() {}

    /** Whether the agent has been installed in this JVM. */
    public static boolean isInstalled() {
        return installedConfig != null;
    }

    /** The configuration the agent was installed with, or null. */
    public static AgentConfig config() {
        return installedConfig;
    }

    /** Classes instrumented and failed so far. */
    public static InstrumentationStats instrumentationStats() {
        return STATS;
    }

    /**
     * Installs the agent: boot hook first (nothing may load it through the system loader before),
     * then the binding the trace store uses, the rewriting of every class, the exit dump, and
     * finally tracing itself when {@code start} is set.
     *
     * @param attached the JVM is already running an application (agentmain)
     */
    static synchronized void install(AgentConfig config, Instrumentation instrumentation, boolean attached) {
        if (installedConfig != null) {
            throw new IllegalStateException("jtracemalloc: the agent is already loaded in this JVM (with "
                    + installedConfig + ")");
        }
        AgentLog.setThreshold(config.log());
        BootstrapHook hook = BootstrapHook.inject(instrumentation);
        TraceEngine.bind(InstrumentationBinding.create(instrumentation, hook, config.verifySizes()));
        if (config.nativeMemory()) {
            NativeMemorySink sink = new NativeMemorySink();
            hook.connectNativeSinks(sink, sink);
        }
        if (config.heap() || config.nativeMemory()) {
            long startNanos = System.nanoTime();
            AllocationInstrumenter.install(instrumentation, config.heap(), config.classFilter(), config.nativeMemory(),
                    AllocationSites::register, STATS, attached);
            if (AgentLog.isEnabled(AgentLog.Level.INFO)) {
                AgentLog.info("instrumentation installed in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms: " + STATS);
            }
        }
        if (config.dumpOnExit() != null) {
            ExitDump.register(config.dumpOnExit());
        }
        installedConfig = config;
        TraceStore.setSamplingInterval(config.sampling()); // for this start and any later one
        TraceStore.setMaxTraces(config.maxTraces());
        if (attached) {
            TracemallocControl.register();
        } else {
            TracemallocControl.registerAtStartUp();
        }
        if (config.start()) {
            Tracemalloc.start(config.nframe());
        }
        if (AgentLog.isEnabled(AgentLog.Level.INFO)) {
            AgentLog.info("agent installed (" + config + ")");
        }
    }
}
