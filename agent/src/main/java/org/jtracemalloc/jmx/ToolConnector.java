package org.jtracemalloc.jmx;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.jtracemalloc.store.UntracedWork;

/**
 * The JMX connector that the command line tool talks to: an RMI connector on the loopback address
 * that serves a private MBean server holding only the jtracemalloc MBean, on threads that are not
 * traced while they serve it ({@link UntracedServerSockets}). Through the platform's own
 * connectors, the tool's requests would be traced as if they were the application's (the
 * connection's buffers, the deserialized calls, the snapshot's encoding); the application's own
 * JMX traffic goes through those and stays traced.
 *
 * <p>Opened once, on first demand (at attach, or by the tool's first request to a JVM started with
 * {@code -javaagent}); its address is left in the system property {@link TracemallocMBean#TOOL_CONNECTOR_PROPERTY}, which
 * the tool reads through the attach API. Exported as a daemon: it neither keeps the JVM alive nor
 * makes RMI's distributed collector ask for a full collection every hour, as non-daemon RMI
 * objects do. Like the JDK's local connector it has no authentication: it only listens on
 * loopback, and it exposes only this MBean.
 */
public final class ToolConnector {
    private static JMXConnectorServer server; // guarded by ToolConnector.class

    private ToolConnector() {}

    /**
     * RMI's connection handler is about to serve {@code socket} on this thread (the boot hook's
     * connection sink): when it is one of this connector's, the thread stops being traced.
     */
    public static void servingConnection(Object socket) {
        UntracedServerSockets.serving(socket);
    }

    /** Opens the connector unless it is open, and returns its address. */
    public static synchronized String open() throws IOException {
        if (server == null) {
            boolean untraced = UntracedWork.begin();
            try {
                server = start();
                System.setProperty(TracemallocMBean.TOOL_CONNECTOR_PROPERTY, server.getAddress().toString());
            } finally {
                UntracedWork.end(untraced);
            }
        }
        return server.getAddress().toString();
    }

    private static JMXConnectorServer start() throws IOException {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        try {
            TracemallocControl.registerIn(mbeans);
        } catch (JMException e) {
            throw new IOException("cannot register the MBean in the tool's connector: " + e, e);
        }
        Map<String, Object> environment = Map.of(
                RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, new LoopbackClientSockets(),
                RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, new UntracedServerSockets(),
                "jmx.remote.x.daemon", "true",
                // no idle timeout: each connection would get a timeout thread of its own, traced (it
                // is not the thread that serves the tool), which concatenates log strings every few
                // seconds; a tool that goes away is noticed by RMI's lease and its connection closed
                "jmx.remote.x.server.connection.timeout", Long.toString(Long.MAX_VALUE));
        JMXServiceURL url = new JMXServiceURL("rmi", InetAddress.getLoopbackAddress().getHostAddress(), 0);
        JMXConnectorServer connector = new RMIConnectorServer(url, environment, mbeans);
        connector.start();
        return connector;
    }
}
