package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * The agent jar is self-contained and hides its dependencies: everything lives under
 * {@code org/jtracemalloc/} (core unrelocated, Byte Buddy and its ASM relocated) or
 * {@code META-INF/}, so nothing can clash with an application's own classes.
 */
class AgentJarContentsTest {

    @Test
    void everyEntryIsUnderOrgJtracemallocOrMetaInf() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            List<String> foreign = Collections.list(jar.entries()).stream()
                    .map(JarEntry::getName)
                    .filter(name -> !name.startsWith("org/jtracemalloc/") && !name.startsWith("META-INF/")
                            && !name.equals("org/"))
                    .toList();
            assertEquals(List.of(), foreign);
            assertTrue(jar.getEntry("org/jtracemalloc/shaded/bytebuddy/jar/asm/ClassReader.class") != null);
            assertTrue(jar.getEntry("org/jtracemalloc/Snapshot.class") != null, "core is in the jar, unrelocated");
            assertTrue(jar.getEntry("org/jtracemalloc/bootstrap/AllocationHook.class") != null);
        }
    }

    @Test
    void manifestDeclaresEveryWayToLoadTheAgent() throws IOException {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            Attributes attributes = jar.getManifest().getMainAttributes();
            assertEquals("org.jtracemalloc.agent.AgentMain", attributes.getValue("Premain-Class"));
            assertEquals("org.jtracemalloc.agent.AgentMain", attributes.getValue("Agent-Class"));
            assertEquals("org.jtracemalloc.agent.LauncherAgent", attributes.getValue("Launcher-Agent-Class"));
            assertEquals("true", attributes.getValue("Can-Retransform-Classes"));
            assertEquals("true", attributes.getValue("Can-Redefine-Classes"));
        }
    }
}
