package org.jtracemalloc.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The agent's own module as the JVM sees it, before any grant (which needs the real
 * {@code Instrumentation}: ModuleAccessTest in it-tests): a named module of its own whose package
 * is exported to the agent's module alone, opened to none, holding its class files and nothing else.
 */
class PrivilegedModuleTest {
    private static final String PACKAGE = "org.jtracemalloc.privileged";

    @Test
    void itsClassesAreInANamedModuleThatExportsToTheAgentAlone() {
        Class<?> definer = PrivilegedModule.of(null).newInstance(BootHookDefiner.class).getClass();
        Module module = definer.getModule();
        Module agent = PrivilegedModule.class.getModule();

        assertEquals(PrivilegedModule.NAME, module.getName());
        assertEquals(PACKAGE + ".UnsafeBootHookDefiner", definer.getName());
        assertEquals(Set.of(PACKAGE), module.getPackages());
        assertEquals(Set.of(), module.getDescriptor().exports());
        assertTrue(module.isExported(PACKAGE, agent));
        assertFalse(module.isExported(PACKAGE));
        assertFalse(module.isOpen(PACKAGE, agent));
        assertTrue(module.canRead(agent), "it implements the agent's interfaces");
    }

    @Test
    void itHoldsItsClassFilesAndNoOtherResourceOfTheAgent() throws IOException {
        Module module = PrivilegedModule.of(null).newInstance(DiagnosticCommands.class).getClass().getModule();

        try (InputStream own = module.getResourceAsStream("org/jtracemalloc/privileged/InProcessDiagnosticCommands.class");
                InputStream agents = module.getResourceAsStream("org/jtracemalloc/agent/Agent.class")) {
            assertNotNull(own);
            assertNull(agents);
        }
    }
}
