package org.jtracemalloc.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.RuntimeMBeanException;
import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.TraceStore;
import org.junit.jupiter.api.Test;

/** The MBean as JConsole sees it, in a JVM where tracing is off. */
class TracemallocControlTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void registeringTwiceKeepsOneMBean() {
        TracemallocControl.register();
        TracemallocControl.register();
        assertTrue(server.isRegistered(TracemallocMBean.NAME));
        assertEquals(1, server.queryNames(TracemallocMBean.NAME, null).size());
    }

    @Test
    void exposesTheDocumentedAttributesAndOperations() throws Exception {
        TracemallocControl.register();
        MBeanInfo info = server.getMBeanInfo(TracemallocMBean.NAME);
        Set<String> attributes = Arrays.stream(info.getAttributes()).map(a -> a.getName() + ":" + a.getType()).collect(Collectors.toSet());
        assertEquals(Set.of("Tracing:boolean", "TracebackLimit:int", "TracedMemory:long", "PeakTracedMemory:long",
                "TracemallocMemory:long", "MaxMemory:long", "TraceCount:long", "DroppedTraces:long", "MaxTraces:long", "SamplingInterval:long",
                "Instrumented:boolean", "ClassesInstrumented:long", "ClassesFailed:long", "ClassesNotLinkable:long",
                "ClassProblems:[Ljava.lang.String;", "HttpAddress:java.lang.String"), attributes);
        Set<String> operations = Arrays.stream(info.getOperations())
                .map(o -> o.getName() + Arrays.stream(o.getSignature()).map(p -> p.getType() + " " + p.getName())
                        .collect(Collectors.joining(",", "(", ")")))
                .collect(Collectors.toSet());
        assertEquals(Set.of("start()", "start(int nframe)", "stop()", "takeSnapshot(java.lang.String path)",
                "takeSnapshot(java.lang.String path,boolean settle)", "takeAllocationSnapshot(java.lang.String path)",
                "clearTraces()", "resetPeak()"), operations);
    }

    @Test
    void attributesReadWhenNotTracing() throws Exception {
        TracemallocControl.register();
        assertEquals(false, server.getAttribute(TracemallocMBean.NAME, "Tracing"));
        assertEquals(0L, server.getAttribute(TracemallocMBean.NAME, "TracedMemory"));
        assertEquals(0L, server.getAttribute(TracemallocMBean.NAME, "TraceCount"));
        assertEquals(0L, server.getAttribute(TracemallocMBean.NAME, "DroppedTraces"));
        assertEquals(0L, server.getAttribute(TracemallocMBean.NAME, "MaxTraces"), "no cap");
        assertEquals(0L, server.getAttribute(TracemallocMBean.NAME, "SamplingInterval"), "exact");
        assertEquals("", server.getAttribute(TracemallocMBean.NAME, "HttpAddress"), "no HTTP endpoint");
    }

    @Test
    void theCapAndTheSamplingIntervalAreTheStores() throws Exception {
        TracemallocControl.register();
        try {
            Tracemalloc.setMaxTraces(5000);
            Tracemalloc.setSamplingInterval(512 * 1024);
            assertEquals(5000L, server.getAttribute(TracemallocMBean.NAME, "MaxTraces"));
            assertEquals(524288L, server.getAttribute(TracemallocMBean.NAME, "SamplingInterval"), "the next start's");
        } finally {
            Tracemalloc.setMaxTraces(Long.MAX_VALUE);
            Tracemalloc.setSamplingInterval(0);
        }
    }

    @Test
    void failuresArriveAsPlainJdkExceptionsWithTheMessage() throws Exception {
        TracemallocControl.register();
        for (String operation : List.of("takeSnapshot", "takeAllocationSnapshot")) {
            RuntimeMBeanException failure = assertThrows(RuntimeMBeanException.class, () -> server.invoke(TracemallocMBean.NAME,
                    operation, new Object[] {"/tmp/never-written"}, new String[] {String.class.getName()}));
            Throwable cause = assertInstanceOf(IllegalStateException.class, failure.getCause());
            assertEquals(IllegalStateException.class, cause.getClass());
            assertEquals("the tracemalloc module must be tracing memory allocations to take a snapshot", cause.getMessage());
        }
    }

    @Test
    void startRejectsABadFrameCountWithTheFacadesMessage() {
        TracemallocControl.register();
        RuntimeMBeanException failure = assertThrows(RuntimeMBeanException.class, () -> server.invoke(TracemallocMBean.NAME,
                "start", new Object[] {0}, new String[] {"int"}));
        assertEquals(IllegalArgumentException.class, failure.getCause().getClass());
        assertEquals("the number of frames must be in range [1; 65535]", failure.getCause().getMessage());
    }
}
