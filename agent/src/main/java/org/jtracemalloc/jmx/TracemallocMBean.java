package org.jtracemalloc.jmx;

import java.io.IOException;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The management interface of jtracemalloc, registered as the platform MBean
 * {@code org.jtracemalloc:type=Tracemalloc} when the agent loads. The command-line tool drives a
 * running JVM through it, and JConsole or VisualVM show it as is.
 *
 * <p>Only plain types cross the wire, and failures arrive as JDK exceptions
 * ({@link IllegalStateException}, {@link IllegalArgumentException}, {@link IOException}) carrying
 * the target's message, so a client needs no jtracemalloc class to read them.
 */
public interface TracemallocMBean {
    // What the agent publishes to its tools: the MBean's name and the target's system properties
    // they read through the attach API. Here, so that a tool needs this interface and nothing else.

    /** {@code org.jtracemalloc:type=Tracemalloc}. */
    ObjectName NAME = Names.objectName("org.jtracemalloc:type=Tracemalloc");

    /**
     * The system property in which {@code agentmain} leaves the one-line reason it did not start
     * (a refused configuration, a failed installation), for the attaching tool to read: the attach
     * API itself passes back no message.
     */
    String ATTACH_ERROR_PROPERTY = "org.jtracemalloc.attach.error";

    /**
     * The system property that is set while the MBean registration started with {@code -javaagent}
     * is under way, so that a tool that finds no MBean yet can tell that it is coming (and wait)
     * from an agent that is not loaded.
     */
    String REGISTERING_PROPERTY = "org.jtracemalloc.mbean.registering";

    /**
     * The system property the agent sets once it is installed, so that the tool can tell a JVM
     * without the agent from one whose agent has no connector of its own open, without starting the
     * JVM's local connector (hundreds of management and RMI classes, each one more to rewrite) in
     * every JVM it attaches to.
     */
    String INSTALLED_PROPERTY = "org.jtracemalloc.agent.installed";

    /** The system property that holds the tool connector's JMX service URL once it is open ({@code ToolConnector}). */
    String TOOL_CONNECTOR_PROPERTY = "org.jtracemalloc.jmx.toolConnector";

    /** Whether allocations are being traced. */
    boolean isTracing();

    /** The number of frames kept per traceback (the {@code nframe} of the last start). */
    int getTracebackLimit();

    /** Bytes of live traced memory now. */
    long getTracedMemory();

    /** The highest value of {@link #getTracedMemory()} since tracing started or the peak was reset. */
    long getPeakTracedMemory();

    /** Bytes the trace store itself uses. */
    long getTracemallocMemory();

    /** The store's memory budget in bytes (the {@code maxMemory} key); past it, allocations are dropped. */
    long getMaxMemory();

    /** The number of live traces. */
    long getTraceCount();

    /**
     * Allocations left untraced because the store reached its {@code maxTraces} cap or its memory
     * budget, since tracing started or the traces were last cleared.
     */
    long getDroppedTraces();

    /** The {@code maxTraces} cap on live heap traces; 0 when there is none (the default). */
    long getMaxTraces();

    /**
     * The mean bytes between sampled allocations of the tracing in progress (the
     * {@code sampling} key), or of the next start when not tracing; 0 when every allocation is
     * traced. When it is not 0, sizes and counts are estimates.
     */
    long getSamplingInterval();

    /**
     * Whether the agent has rewritten the classes: it does when tracing first starts, and they
     * stay rewritten after a stop.
     */
    boolean isInstrumented();

    /** Classes whose allocation sites the agent has rewritten. */
    long getClassesInstrumented();

    /** Classes the agent could not rewrite; they run unchanged. */
    long getClassesFailed();

    /**
     * Classes left unchanged because the JVM cannot link them (verifying them needs a class that is
     * missing, an absent optional dependency): their code can never run. Only on attach, where the
     * JVM links a loaded class before it retransforms it.
     */
    long getClassesNotLinkable();

    /** The classes counted in {@code ClassesFailed} and {@code ClassesNotLinkable}, the first 100, each as "name: why". */
    String[] getClassProblems();

    /**
     * Where the agent's HTTP endpoint listens ({@code 127.0.0.1:6060}, the {@code http} key with
     * the port bound); empty when it serves none.
     */
    String getHttpAddress();

    /** Starts tracing with a traceback limit of 1 frame. */
    void start();

    /** Starts tracing, keeping up to {@code nframe} frames (1..65535) per traceback. */
    void start(int nframe);

    /** Stops tracing and forgets every trace. */
    void stop();

    /**
     * Takes a snapshot of every traced object the collector has not reclaimed yet (Python's
     * meaning) and writes it to {@code path}, a file of the target JVM's file system.
     *
     * @return the number of traces written
     */
    long takeSnapshot(String path) throws IOException;

    /**
     * Takes a snapshot and writes it to {@code path}, a file of the target JVM's file system; with
     * {@code settle}, after a full collection, so that it holds the live set (a settled snapshot,
     * what the command line takes).
     *
     * @return the number of traces written
     */
    long takeSnapshot(String path, boolean settle) throws IOException;

    /**
     * Takes an allocation snapshot (every allocation since tracing started or the traces were
     * cleared, dead objects included, totalled per traceback) and writes it to {@code path}, a file
     * of the target JVM's file system.
     *
     * @return the number of traces written: one per traceback that allocated
     */
    long takeAllocationSnapshot(String path) throws IOException;

    /** Forgets every trace, keeping tracing on. */
    void clearTraces();

    /** Sets the peak traced memory to the current traced memory. */
    void resetPeak();

    /** Builds the constant {@link #NAME}. */
    final class Names {
        private Names() {}

        static ObjectName objectName(String name) {
            try {
                return new ObjectName(name);
            } catch (MalformedObjectNameException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
