package org.jtracemalloc.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code Launcher-Agent-Class}: the JVM calls {@code agentmain} before {@code main} for the jar
 * given to {@code java -jar}. That lets an application's executable jar that bundles jtracemalloc
 * trace itself from the start, like {@code -javaagent}.
 *
 * <p>For the agent's own jar ({@code java -jar jtracemalloc-agent.jar ...}, the command-line tool)
 * it does nothing: the tool has no use for tracing itself, and instrumenting its JVM would only
 * delay every command.
 */
public final class LauncherAgent {
    private LauncherAgent() {}

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        if (!launchedJarIsTheTool()) {
            AgentMain.startUp(agentArgs, instrumentation);
        }
    }

    private static boolean launchedJarIsTheTool() {
        try {
            CodeSource source = LauncherAgent.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return false;
            }
            try (JarFile jar = new JarFile(Path.of(source.getLocation().toURI()).toFile())) {
                Manifest manifest = jar.getManifest();
                String mainClass = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
                return mainClass != null && mainClass.startsWith("org.jtracemalloc.");
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return false;
        }
    }
}
