package org.jtracemalloc.jmx;

import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;

/**
 * How the command line tool reaches the {@link ToolConnector}: always through the loopback
 * address, whatever host name RMI put into the connector's stub (by default an address of a
 * network interface, where the connector does not listen). Sent to the tool inside that stub, so
 * it is serializable; the tool runs from the agent jar and has this class.
 */
final class LoopbackClientSockets implements RMIClientSocketFactory, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    // RMI shares connections between stubs whose factories are equal
    @Override
    public boolean equals(Object other) {
        return other instanceof LoopbackClientSockets;
    }

    @Override
    public int hashCode() {
        return LoopbackClientSockets.class.hashCode();
    }
}
