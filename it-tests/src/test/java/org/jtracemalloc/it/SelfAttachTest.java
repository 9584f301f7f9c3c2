package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.jtracemalloc.it.app.SelfAttaching;
import org.junit.jupiter.api.Test;

/** {@code Tracemalloc.start()} with the agent jar on the class path loads the agent by itself. */
class SelfAttachTest {
    private static final SourceMarkers SITES = SourceMarkers.of(SelfAttaching.class);

    @Test
    void startLoadsTheAgentThroughAHelperJvm() throws Exception {
        assertTraced(ForkedJvm.withoutAgent().classPath(ForkedJvm.AGENT_JAR).run(SelfAttaching.class));
    }

    @Test
    void startAttachesInProcessWhenSelfAttachIsAllowed() throws Exception {
        assertTraced(ForkedJvm.withoutAgent().classPath(ForkedJvm.AGENT_JAR)
                .option("-Djdk.attach.allowAttachSelf=true").run(SelfAttaching.class));
    }

    private static void assertTraced(ForkedJvm.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("traceAnAllocation:" + SITES.line("caller"), "allocate:" + SITES.line("allocate")),
                result.values("traceback"), result::toString);
        assertEquals(List.of("2"), result.values("limit"), result::toString);
    }
}
