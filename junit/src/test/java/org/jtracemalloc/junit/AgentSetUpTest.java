package org.jtracemalloc.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each Surefire execution of this module runs the tests with the set-up it claims (see junit/pom.xml). */
class AgentSetUpTest {

    @Test
    void theAgentIsLoadedTheWayThisExecutionSetItUp() throws Exception {
        String setUp = System.getProperty("jtracemalloc.junit.setup");
        List<String> jvmArguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean javaagent = jvmArguments.stream().anyMatch(a -> a.startsWith("-javaagent:") && a.endsWith("jtracemalloc-agent.jar"));
        Path selfAttachJar = Path.of(Class.forName("org.jtracemalloc.agent.SelfAttach")
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        assertEquals("jtracemalloc-agent.jar", selfAttachJar.getFileName().toString());
        if (setUp.equals("javaagent")) {
            assertTrue(javaagent, jvmArguments.toString());
        } else {
            assertEquals("self-attach", setUp);
            assertFalse(javaagent, jvmArguments.toString());
        }
        MemoryAssertions.assertNoAllocations(() -> {}); // loads the agent if this set-up has to
        assertEquals(true, Class.forName("org.jtracemalloc.agent.Agent").getMethod("isInstalled").invoke(null));
    }
}
