package org.jtracemalloc.agent;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;

import org.jtracemalloc.jmx.TracemallocMBean;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads the agent into the JVM it runs in, for {@code Tracemalloc.start()} called by an application
 * that has the agent jar on its class path but was not started with {@code -javaagent}.
 *
 * <p>Route: when the JVM runs with {@code -Djdk.attach.allowAttachSelf=true}, it attaches to itself
 * in-process; otherwise (the JDK forbids self-attach by default) it starts a short-lived helper
 * JVM from the same {@code java.home} that attaches to this process id and loads the jar. Either
 * way the agent is loaded with {@code start=false}: the caller then starts tracing with its own
 * traceback limit. JDK 21+ print a warning for dynamically loaded agents unless the JVM runs with
 * {@code -XX:+EnableDynamicAgentLoading}.
 */
public final class SelfAttach {
    private static final String AGENT_OPTIONS = "start=false";

    private SelfAttach() {}

    /**
     * Loads the agent into this JVM; returns when it is installed.
     *
     * @throws IllegalStateException when the agent jar cannot be found or loading it fails (the message says why)
     */
    public static synchronized void attach() {
        if (Agent.isInstalled()) {
            return;
        }
        Path agentJar = agentJar();
        String pid = Long.toString(ProcessHandle.current().pid());
        if (Boolean.parseBoolean(System.getProperty("jdk.attach.allowAttachSelf"))) {
            attachInProcess(pid, agentJar);
        } else {
            attachFromHelperProcess(pid, agentJar);
        }
        // agentmain reports a refused configuration or a failed installation here, not by throwing
        String failure = System.getProperty(TracemallocMBean.ATTACH_ERROR_PROPERTY);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** The helper JVM: {@code SelfAttach <pid> <agent jar> <options>}. */
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgent(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }

    private static void attachInProcess(String pid, Path agentJar) {
        try {
            main(new String[] {pid, agentJar.toString(), AGENT_OPTIONS});
        } catch (Exception e) {
            throw new IllegalStateException("jtracemalloc: cannot attach the agent to this JVM: " + e, e);
        }
    }

    private static void attachFromHelperProcess(String pid, Path agentJar) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-cp", agentJar.toString(), SelfAttach.class.getName(),
                pid, agentJar.toString(), AGENT_OPTIONS);
        try {
            Process helper = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(helper.getInputStream().readAllBytes(), Charset.defaultCharset()).trim();
            int exitCode = helper.waitFor();
            if (exitCode != 0) {
                throw new IllegalStateException("jtracemalloc: the helper JVM that attaches the agent failed (exit code "
                        + exitCode + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("jtracemalloc: cannot start " + java + " to attach the agent: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("jtracemalloc: interrupted while attaching the agent", e);
        }
    }

    private static Path agentJar() {
        CodeSource source = SelfAttach.class.getProtectionDomain().getCodeSource();
        Path location;
        try {
            location = source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            location = null;
        }
        if (location == null || !Files.isRegularFile(location)) {
            throw new IllegalStateException("jtracemalloc: self-attach needs the agent jar on the class path, but "
                    + SelfAttach.class.getName() + " was loaded from " + (location == null ? "an unknown location" : location)
                    + "; run with -javaagent:jtracemalloc-agent.jar instead");
        }
        return location.toAbsolutePath();
    }
}
