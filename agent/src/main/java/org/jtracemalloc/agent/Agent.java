package org.jtracemalloc.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.InetSocketAddress;

import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.agent.instrument.AllocationInstrumenter;
import org.jtracemalloc.agent.instrument.InstrumentationStats;
import org.jtracemalloc.http.ScrapeServer;
import org.jtracemalloc.jmx.ToolConnector;
import org.jtracemalloc.jmx.TracemallocControl;
import org.jtracemalloc.jmx.TracemallocMBean;
import org.jtracemalloc.store.AgentLink;
import org.jtracemalloc.store.AllocationSites;
import org.jtracemalloc.store.UntracedWork;

/**
 * The agent installed in this JVM: the installation sequence, run once, and what the status
 * commands read afterwards.
 */
public final class Agent {
    private static final InstrumentationStats STATS = InstrumentationStats.ofThisJvm();
    private static volatile AgentConfig installedConfig;
    private static Instrumentation agentInstrumentation;
    /** Defined in the boot loader on first need ({@link #bootstrapHook}); volatile: read without the lock once set. */
    private static volatile BootstrapHook bootstrapHook;
    /** True while premain starts tracing, before {@code main}. */
    private static boolean installing;

    private Agent() {}

    /** Whether the agent has been installed in this JVM. */
    public static boolean isInstalled() {
        return installedConfig != null;
    }

    /** The configuration the agent was installed with, or null. */
    public static AgentConfig config() {
        return installedConfig;
    }

    /**
     * Installs the agent: the binding the trace store uses, the exit dump, and finally tracing
     * itself when {@code start} is set. The boot hook and the rewriting of classes wait for the
     * first start ({@link #ensureInstrumented}), or for native memory tracing, which connects its
     * sinks at once: with {@code start=false} the application runs unmodified until then, and the
     * agent's loading costs no ASM pass and no class definition.
     *
     * @param attached the JVM is already running an application (agentmain)
     */
    static synchronized void install(AgentConfig config, Instrumentation instrumentation, boolean attached) {
        if (installedConfig != null) {
            throw new IllegalStateException("jtracemalloc: the agent is already loaded in this JVM (with "
                    + installedConfig + ")");
        }
        // Once tracing has started below, what the installation still allocates (the MBean
        // thread, its system property) is the agent's, on the application's main thread.
        boolean untraced = UntracedWork.begin();
        try {
            installUntraced(config, instrumentation, attached);
        } finally {
            UntracedWork.end(untraced);
        }
    }

    private static void installUntraced(AgentConfig config, Instrumentation instrumentation, boolean attached) {
        AgentLog.setThreshold(config.log());
        agentInstrumentation = instrumentation;
        AgentLink.bind(InstrumentationBinding.create(instrumentation, config.verifySizes()));
        if (config.nativeMemory()) {
            NativeMemorySink sink = new NativeMemorySink();
            bootstrapHook().connectNativeSinks(sink, sink);
        }
        if (config.dumpOnExit() != null) {
            ExitDump.register(config.dumpOnExit(), config.dumpOnExitGc());
        }
        installedConfig = config;
        System.setProperty(TracemallocMBean.INSTALLED_PROPERTY, "true");
        Tracemalloc.configure(config.tracingSettings()); // for this start and any later one
        if (config.start()) {
            installing = !attached; // before main: every processor may rewrite
            try {
                Tracemalloc.start(config.nframe());
            } finally {
                installing = false;
            }
        }
        // After the start-up rewriting, which then has every processor to itself.
        if (attached) {
            TracemallocControl.register();
        } else {
            TracemallocControl.registerAtStartUp();
        }
        if (config.http() != null) {
            serveHttp(config.http());
        }
        if (AgentLog.isEnabled(AgentLog.Level.INFO)) {
            AgentLog.info("agent installed (" + config + ")");
        }
    }

    /** The scrape endpoint. The agent traces without it, so a failure (a port in use) is logged, not thrown. */
    private static void serveHttp(InetSocketAddress where) {
        try {
            InetSocketAddress bound = ScrapeServer.start(where);
            if (AgentLog.isEnabled(AgentLog.Level.INFO)) {
                AgentLog.info("serving http://" + ScrapeServer.hostAndPort(bound) + "/");
            }
        } catch (IOException | RuntimeException e) {
            AgentLog.error("cannot serve http on " + ScrapeServer.hostAndPort(where)
                    + "; the agent runs without its HTTP endpoint: " + e);
        }
    }

    /**
     * The hook in the boot loader, defined on the first call. Nothing can load the hook class
     * through the system loader before (which would make a second copy, never connected): only
     * rewritten classes refer to it, and the rewriting starts after this call.
     */
    static BootstrapHook bootstrapHook() {
        BootstrapHook hook = bootstrapHook;
        if (hook != null) {
            return hook;
        }
        synchronized (Agent.class) {
            if (bootstrapHook == null) {
                bootstrapHook = BootstrapHook.inject(agentInstrumentation);
            }
            return bootstrapHook;
        }
    }

    /**
     * Installs the rewriting transformer and retransforms the loaded classes, once, when tracing
     * first starts; returns when it is done, so that the allocations after the start are traced.
     * Before {@code main} (the agent's {@code start=true}) every processor rewrites; once the
     * application runs, the rewriting runs on the thread that starts tracing, in batches
     * as on attach (docs/performance-log.md, "Start-up"). After a stop the classes stay rewritten.
     */
    static synchronized void ensureInstrumented() {
        AgentConfig config = installedConfig;
        if (STATS.isInstalled() || config == null) {
            return;
        }
        // The hook before anything is rewritten to call it; when the JVM refuses it, nothing has
        // changed yet and the next start tries again.
        bootstrapHook();
        // Set before the transformer is added: an installation that threw half-way may have added
        // it, and a second one would hook every rewritten site twice.
        STATS.markInstalled();
        if (config.heap() || config.nativeMemory()) {
            long startNanos = System.nanoTime();
            if (config.heap()) {
                String answer = RewriterCompilation.keepC2OffRewriter(agentInstrumentation);
                if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                    AgentLog.debug("compiler directive for the rewriting code: " + answer);
                }
            }
            if (config.heap()) {
                // before RMI's connection handler is rewritten to call it
                bootstrapHook().connectConnectionSink(ToolConnector::servingConnection);
            }
            AllocationInstrumenter.install(agentInstrumentation, config.rewriteScope(), AllocationSites::register, STATS,
                    !installing, bootstrapHook()::connectHiddenClassSink);
            if (AgentLog.isEnabled(AgentLog.Level.INFO)) {
                AgentLog.info("instrumentation installed in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms: " + STATS);
            }
        }
    }
}
