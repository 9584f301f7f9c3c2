package org.jtracemalloc.it.app;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** The agent's MBean in this JVM, for programs that read it through the platform MBean server. */
final class AgentMBean {
    static final ObjectName NAME;

    static {
        try {
            NAME = new ObjectName("org.jtracemalloc:type=Tracemalloc");
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private AgentMBean() {}

    /** Set by the agent while its delayed registration (the MBean, then the tool's connector) runs. */
    private static final String REGISTERING_PROPERTY = "org.jtracemalloc.mbean.registering";

    /**
     * The platform MBean server once the agent has registered its MBean there and finished the
     * work that comes with it (the tool's connector): with {@code -javaagent} it does so on a
     * thread of its own, so {@code main} may get there first, and that work loads and rewrites
     * hundreds of classes, whose garbage could bring a collection into a test that counts garbage.
     */
    static MBeanServer awaitRegistration() throws InterruptedException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int i = 0; i < 600 && !(server.isRegistered(NAME) && System.getProperty(REGISTERING_PROPERTY) == null); i++) {
            Thread.sleep(50);
        }
        if (!server.isRegistered(NAME)) {
            throw new IllegalStateException(NAME + " was not registered within 30 s");
        }
        return server;
    }
}
