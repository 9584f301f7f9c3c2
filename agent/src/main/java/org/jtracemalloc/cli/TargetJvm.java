package org.jtracemalloc.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jtracemalloc.jmx.TracemallocMBean;

/**
 * A running JVM this tool is attached to (through the attach API; reach it through
 * {@link AttachApi}), and the jtracemalloc MBean in it. Every failure comes out as a
 * {@link CommandFailedException} naming the PID and the cause.
 */
final class TargetJvm implements AutoCloseable {
    private static final long REGISTRATION_WAIT_MILLIS = 5_000;
    private static final long REGISTRATION_POLL_MILLIS = 50;

    private final long pid;
    private final VirtualMachine vm;
    private JMXConnector connector;

    private TargetJvm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    /** The JVMs the attach API can see, in PID order, without this tool's own. */
    static List<RunningJvm> list() {
        long self = ProcessHandle.current().pid();
        return VirtualMachine.list().stream()
                .map(TargetJvm::describe)
                .flatMap(Optional::stream)
                .filter(jvm -> jvm.pid() != self)
                .sorted(Comparator.comparingLong(RunningJvm::pid))
                .toList();
    }

    private static Optional<RunningJvm> describe(VirtualMachineDescriptor descriptor) {
        try {
            return Optional.of(new RunningJvm(Long.parseLong(descriptor.id()), descriptor.displayName()));
        } catch (NumberFormatException notAProcessId) {
            return Optional.empty();
        }
    }

    static TargetJvm attach(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            throw new CommandFailedException("PID " + pid + " is this tool's own JVM");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            throw new CommandFailedException("no process with PID " + pid + " (see 'jtracemalloc list')");
        }
        try {
            return new TargetJvm(pid, VirtualMachine.attach(Long.toString(pid)));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CommandFailedException(whyAttachFailed(process.get(), e), e);
        }
    }

    /**
     * The attach API reports most causes as an I/O error or a timeout; the process itself tells
     * which one it was.
     */
    private static String whyAttachFailed(ProcessHandle process, Exception failure) {
        long pid = process.pid();
        if (!process.isAlive()) {
            return "process " + pid + " exited";
        }
        String me = System.getProperty("user.name");
        Optional<String> owner = process.info().user();
        if (owner.isPresent() && !owner.get().equals(me)) {
            return "cannot attach to PID " + pid + ": it runs as user " + owner.get() + " and this tool as " + me
                    + " (the attach API only connects JVMs of the same user: run the tool as " + owner.get() + ")";
        }
        boolean listed = VirtualMachine.list().stream().anyMatch(vm -> vm.id().equals(Long.toString(pid)));
        if (!listed) {
            return "cannot attach to PID " + pid + ": not a JVM that accepts attach ("
                    + process.info().command().orElse("unknown command") + "): " + CommandFailedException.rootCause(failure);
        }
        return "cannot attach to PID " + pid + ": " + CommandFailedException.rootCause(failure);
    }

    /**
     * Loads the agent jar into the target with {@code options} as its arguments. The agent's
     * {@code agentmain} reports a refused configuration or a failed installation in the target's
     * system property {@link TracemallocMBean#ATTACH_ERROR_PROPERTY}, since the attach API
     * passes back no message.
     */
    void loadAgent(Path agentJar, String options) {
        String failure;
        try {
            vm.loadAgent(agentJar.toString(), options.isEmpty() ? null : options);
            failure = null;
        } catch (AgentLoadException | AgentInitializationException e) {
            failure = e.getMessage();
        } catch (IOException e) {
            throw lostConnection(e);
        }
        String agentError = targetProperty(TracemallocMBean.ATTACH_ERROR_PROPERTY);
        if (agentError != null) {
            throw new CommandFailedException("the agent did not start in PID " + pid + ": "
                    + agentError.replaceFirst("^jtracemalloc: ", ""));
        }
        if (failure != null) {
            throw new CommandFailedException("PID " + pid + " could not load the agent: " + failure);
        }
    }

    private String targetProperty(String name) {
        return targetProperties().getProperty(name);
    }

    private Properties targetProperties() {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw lostConnection(e);
        }
    }

    /**
     * The jtracemalloc MBean of the target, or empty when the agent is not loaded there. Reached
     * through the agent's own connector ({@code ToolConnector}), whose threads are not traced, so
     * that this tool's requests do not show in the target's snapshots. The agent opens it with its
     * MBean and leaves its address in a system property of the target, which the attach API reads
     * without running any of the target's traced code.
     */
    Optional<TracemallocMBean> tracemalloc() {
        try {
            if (connector == null) {
                Properties properties = registeredProperties();
                String address = properties.getProperty(TracemallocMBean.TOOL_CONNECTOR_PROPERTY);
                if (address != null) {
                    connector = connect(address);
                } else if (properties.getProperty(TracemallocMBean.INSTALLED_PROPERTY) != null) {
                    connector = connectThroughLocalConnector().orElse(null);
                }
                if (connector == null) {
                    return Optional.empty();
                }
            }
            MBeanServerConnection server = connector.getMBeanServerConnection();
            return Optional.of(reportingFailures(JMX.newMBeanProxy(server, TracemallocMBean.NAME, TracemallocMBean.class)));
        } catch (IOException e) {
            throw lostConnection(e);
        }
    }

    /**
     * The target's system properties once the agent's MBean is registered, if it is loaded. Waits,
     * at most {@link #REGISTRATION_WAIT_MILLIS}, while an agent loaded with {@code -javaagent} is
     * registering its MBean on a thread of its own (about two seconds after the JVM starts).
     */
    private Properties registeredProperties() {
        long deadline = System.nanoTime() + REGISTRATION_WAIT_MILLIS * 1_000_000;
        while (true) {
            Properties properties = targetProperties();
            if (properties.getProperty(TracemallocMBean.TOOL_CONNECTOR_PROPERTY) != null
                    || properties.getProperty(TracemallocMBean.REGISTERING_PROPERTY) == null
                    || System.nanoTime() > deadline) {
                return properties;
            }
            try {
                Thread.sleep(REGISTRATION_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return properties;
            }
        }
    }

    private static JMXConnector connect(String address) throws IOException {
        return JMXConnectorFactory.connect(new JMXServiceURL(address));
    }

    /**
     * For an agent that has no connector of its own open (it failed to open it, and said why in
     * the target's log): its MBean through the JVM's local connector, which the attach API starts;
     * this tool's requests are then traced. Empty when the MBean is not registered there (an agent
     * loaded with {@code -javaagent} that left it to the first attach).
     */
    private Optional<JMXConnector> connectThroughLocalConnector() throws IOException {
        JMXConnector local = connect(vm.startLocalManagementAgent());
        if (!local.getMBeanServerConnection().isRegistered(TracemallocMBean.NAME)) {
            local.close();
            return Optional.empty();
        }
        return Optional.of(local);
    }

    /** The jtracemalloc MBean of the target; fails when the agent is not loaded there. */
    TracemallocMBean requireTracemalloc() {
        return tracemalloc().orElseThrow(() -> new CommandFailedException(
                "the jtracemalloc agent is not loaded in PID " + pid + " (load it with: jtracemalloc start " + pid + ")"));
    }

    /**
     * Wraps the MBean proxy so that what the target throws (its own message) and a lost
     * connection both end the command with one line naming the PID.
     */
    private TracemallocMBean reportingFailures(TracemallocMBean remote) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return method.invoke(remote, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UndeclaredThrowableException) {
                    // the proxy's wrapper for an I/O failure of the connection itself
                    throw lostConnection(cause);
                }
                throw new CommandFailedException("PID " + pid + ": " + CommandFailedException.rootCause(cause), cause);
            }
        };
        return (TracemallocMBean) Proxy.newProxyInstance(
                TracemallocMBean.class.getClassLoader(), new Class<?>[] {TracemallocMBean.class}, handler);
    }

    /** A failure to talk to the target, which most often means that it has just exited. */
    private CommandFailedException lostConnection(Throwable failure) {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return new CommandFailedException(alive
                ? "lost the connection to PID " + pid + ": " + CommandFailedException.rootCause(failure)
                : "process " + pid + " exited", failure);
    }

    @Override
    public void close() {
        try {
            if (connector != null) {
                connector.close();
            }
        } catch (IOException ignored) {
            // the target may have exited; nothing is left to release on our side
        }
        try {
            vm.detach();
        } catch (IOException ignored) {
            // as above
        }
    }
}
