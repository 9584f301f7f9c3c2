package org.jtracemalloc.jmx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.agent.AgentLog;
import org.jtracemalloc.agent.instrument.InstrumentationStats;
import org.jtracemalloc.http.ScrapeServer;
import org.jtracemalloc.store.TraceStore;
import org.jtracemalloc.store.UntracedWork;

/** The {@link TracemallocMBean} of this JVM: the {@link Tracemalloc} facade, seen through JMX. */
public final class TracemallocControl implements TracemallocMBean {

    /** How long after start-up ({@code -javaagent}) the MBean is registered. */
    static final long REGISTRATION_DELAY_MILLIS = 2_000;

    /**
     * Registers the MBean while the JVM starts ({@code -javaagent}), unless the application names
     * its own {@code java.util.logging} manager: creating the platform MBean server creates the
     * {@code LogManager}, and an application that installs its own (WildFly with
     * {@code -Djava.util.logging.manager}) may not be able to load it this early, and would be left
     * with the JDK's. The registration then waits for the first attach ({@link #register()} from
     * {@code agentmain}), when the application is running.
     *
     * <p>Otherwise the registration runs on a daemon thread of its own, {@link #REGISTRATION_DELAY_MILLIS}
     * after start-up: creating the platform MBean server loads and initialises some 550 JMX,
     * management and logging classes, and the JIT then compiles some of them (about 0.1 s of CPU
     * on JDK 17), which would compete with the application's own start on a small machine
     * (docs/performance-log.md, "The MBean registration, delayed"). A program that ends sooner
     * never pays it; the command line tool, attaching meanwhile, sees
     * {@link #REGISTERING_PROPERTY} and waits.
     */
    public static void registerAtStartUp() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty(REGISTERING_PROPERTY, "true");
            Thread registration = new Thread(() -> {
                try {
                    Thread.sleep(REGISTRATION_DELAY_MILLIS);
                } catch (InterruptedException registerNow) {
                    // nothing to wait for then
                }
                try {
                    register();
                } finally {
                    System.clearProperty(REGISTERING_PROPERTY);
                }
            }, "jtracemalloc-mbean-registration");
            registration.setDaemon(true);
            registration.start();
        }
    }

    /**
     * Registers the MBean in the platform MBean server. Safe to call again (a second attach): the
     * first registration stays, since both would serve the same facade. Never throws: without
     * its MBean the agent still traces, so a failure here is only logged.
     */
    public static void register() {
        // The MBean server it may create (hundreds of JMX objects) is the agent's, not the application's.
        boolean untraced = UntracedWork.begin();
        try {
            registerIn(ManagementFactory.getPlatformMBeanServer());
        } catch (InstanceAlreadyExistsException alreadyRegistered) {
            // loaded before, by -javaagent or an earlier attach
        } catch (JMException | RuntimeException | LinkageError e) {
            AgentLog.error("the MBean " + NAME + " could not be registered; JMX and the command-line tool cannot reach"
                    + " this JVM's tracing: " + e);
        } finally {
            openToolConnector(); // even without the platform's MBean, the tool reaches this one
            UntracedWork.end(untraced);
        }
    }

    /** Registers the MBean in {@code server}: the platform's, or the {@link ToolConnector}'s own. */
    static void registerIn(MBeanServer server) throws JMException {
        server.registerMBean(new Described(new TracemallocControl()), NAME);
    }

    /**
     * Opens the {@link ToolConnector} with the MBean, so that the tool never needs the JVM's own
     * connector: a first request through it would leave the JDK's serialization caches and
     * generated constructors traced for good. Never throws: without it the tool uses that
     * connector, and its requests are then traced as the application's.
     */
    private static void openToolConnector() {
        try {
            ToolConnector.open();
        } catch (IOException | RuntimeException | LinkageError e) {
            AgentLog.warn("the command line tool's JMX connector could not be opened; the tool's requests go through the"
                    + " JVM's own connector and are traced: " + e);
        }
    }

    /**
     * The MBean as JConsole and VisualVM show it: parameter names instead of {@code p1}, and a
     * description (interfaces keep neither at run time).
     */
    private static final class Described extends StandardMBean {
        Described(TracemallocMBean implementation) {
            super(implementation, TracemallocMBean.class, false);
        }

        @Override
        protected String getDescription(MBeanInfo info) {
            return "jtracemalloc: Python's tracemalloc for this JVM (traced allocations, snapshots)";
        }

        @Override
        protected String getParameterName(MBeanOperationInfo operation, MBeanParameterInfo parameter, int sequence) {
            return switch (operation.getName()) {
                case "start" -> "nframe";
                case "takeSnapshot" -> sequence == 0 ? "path" : "settle";
                case "takeAllocationSnapshot" -> "path";
                default -> super.getParameterName(operation, parameter, sequence);
            };
        }
    }

    @Override
    public boolean isTracing() {
        return Tracemalloc.isTracing();
    }

    @Override
    public int getTracebackLimit() {
        return Tracemalloc.getTracebackLimit();
    }

    @Override
    public long getTracedMemory() {
        return Tracemalloc.getTracedMemory().current();
    }

    @Override
    public long getPeakTracedMemory() {
        return Tracemalloc.getTracedMemory().peak();
    }

    @Override
    public long getTracemallocMemory() {
        return Tracemalloc.getTracemallocMemory();
    }

    @Override
    public long getMaxMemory() {
        return TraceStore.maxMemory();
    }

    /** From the logs' own counts, as the sweeps so far left them, without a snapshot. */
    @Override
    public long getTraceCount() {
        return TraceStore.traceCount();
    }

    @Override
    public long getDroppedTraces() {
        return TraceStore.droppedTraces();
    }

    @Override
    public long getMaxTraces() {
        long max = TraceStore.maxTraces();
        return max == Long.MAX_VALUE ? 0 : max;
    }

    @Override
    public long getSamplingInterval() {
        return TraceStore.activeSamplingInterval();
    }

    @Override
    public boolean isInstrumented() {
        return InstrumentationStats.ofThisJvm().isInstalled();
    }

    @Override
    public long getClassesInstrumented() {
        return InstrumentationStats.ofThisJvm().classesInstrumented();
    }

    @Override
    public long getClassesFailed() {
        return InstrumentationStats.ofThisJvm().classesFailed();
    }

    @Override
    public long getClassesNotLinkable() {
        return InstrumentationStats.ofThisJvm().classesNotLinkable();
    }

    @Override
    public String[] getClassProblems() {
        return InstrumentationStats.ofThisJvm().classProblems().toArray(new String[0]);
    }

    @Override
    public String getHttpAddress() {
        return ScrapeServer.address();
    }

    @Override
    public void start() {
        run(Tracemalloc::start);
    }

    @Override
    public void start(int nframe) {
        run(() -> Tracemalloc.start(nframe));
    }

    @Override
    public void stop() {
        run(Tracemalloc::stop);
    }

    @Override
    public long takeSnapshot(String path) throws IOException {
        return takeSnapshot(path, false);
    }

    @Override
    public long takeSnapshot(String path, boolean settle) throws IOException {
        return dump(settle ? Tracemalloc::takeSettledSnapshot : Tracemalloc::takeSnapshot, path);
    }

    @Override
    public long takeAllocationSnapshot(String path) throws IOException {
        return dump(Tracemalloc::takeAllocationSnapshot, path);
    }

    /** Writes what {@code take} returns to {@code path}, untraced (it is the tool's work); the number of traces written. */
    private static long dump(Supplier<Snapshot> take, String path) throws IOException {
        boolean untraced = UntracedWork.begin();
        try {
            Path file = call(() -> Path.of(path));
            Snapshot snapshot = call(take);
            try {
                snapshot.dump(file);
            } catch (IOException e) {
                // a subclass of IOException defined by jtracemalloc would not deserialize in a client
                throw new IOException("cannot write " + path + ": " + messageOf(e));
            }
            return snapshot.traces().size();
        } finally {
            UntracedWork.end(untraced);
        }
    }

    @Override
    public void clearTraces() {
        run(Tracemalloc::clearTraces);
    }

    @Override
    public void resetPeak() {
        run(Tracemalloc::resetPeak);
    }

    private static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }

    /**
     * Runs an operation, turning what it throws into a plain JDK exception with the same message:
     * a remote client (this tool, JConsole) has no jtracemalloc classes to deserialize, nor a
     * use for the target's stack trace.
     */
    private static <T> T call(Supplier<T> operation) {
        // What an operation allocates (a snapshot's encoding, above all) is the tool's, not the application's.
        boolean untraced = UntracedWork.begin();
        try {
            return operation.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(messageOf(e));
        } catch (RuntimeException e) {
            throw new IllegalStateException(messageOf(e));
        } finally {
            UntracedWork.end(untraced);
        }
    }

    private static String messageOf(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
