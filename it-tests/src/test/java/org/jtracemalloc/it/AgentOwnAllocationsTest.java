package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtracemalloc.it.app.AgentOwnWork;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: objects the agent allocates itself are never in a snapshot, including those it makes
 * JDK code allocate (rewriting a class on the application thread that loads it, creating the
 * platform MBean server for its MBean). With 64 frames kept, any such object would show a frame
 * of the agent's code in its traceback.
 */
class AgentOwnAllocationsTest {
    @Test
    void noLiveTraceHasAFrameOfTheAgent() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("nframe=64").run(AgentOwnWork.class);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(0, result.number("agentTraces"), result::toString);
        assertTrue(result.number("ownLineTraces") >= 100, result::toString);
    }
}
