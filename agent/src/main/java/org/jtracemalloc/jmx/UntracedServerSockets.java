package org.jtracemalloc.jmx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.rmi.server.RMIServerSocketFactory;
import org.jtracemalloc.store.UntracedWork;

/**
 * The {@link ToolConnector}'s server sockets: they listen on the loopback address only, and the
 * threads that serve them are not traced while they do, so that the tool's own requests (their
 * streams, buffers and deserialized arguments, the snapshot they ask for) never appear in the
 * target's traces.
 *
 * <p>RMI's transport gives each listening socket an accept thread of its own, which is marked for
 * good at its first accept. A connection is then served, from its start to its close, by one
 * thread of RMI's shared connection pool, which may serve the application's own RMI or JMX
 * connections before or after: so that thread is marked when RMI's connection handler, rewritten
 * by the agent, names the socket it starts serving ({@link #serving}). It stays marked once the
 * connection is closed, while it waits in the pool (where its first timed wait links the pool's
 * queue, a few hundred bytes the tool's connection caused), until the handler names it a socket
 * that is not the tool's.
 */
final class UntracedServerSockets implements RMIServerSocketFactory {
    /** Whether this pool thread was left marked by the last tool connection it served. */
    private static final ThreadLocal<Boolean> LEFT_MARKED = new ThreadLocal<>();

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new LoopbackServerSocket(port);
    }

    /**
     * The current thread starts serving {@code socket}: marked when the socket is the tool's, and
     * unmarked when it is another while the thread is still marked from serving the tool.
     */
    static void serving(Object socket) {
        if (socket instanceof ServingSocket toolSocket) {
            toolSocket.markAtHandlerStart();
        } else if (LEFT_MARKED.get() != null) {
            LEFT_MARKED.remove();
            UntracedWork.end(true);
        }
    }

    private static final class LoopbackServerSocket extends ServerSocket {
        LoopbackServerSocket(int port) throws IOException {
            super(port, 0, InetAddress.getLoopbackAddress());
        }

        @Override
        public Socket accept() throws IOException {
            UntracedWork.begin(); // the accept thread serves only this socket, until the JVM ends
            ServingSocket socket = new ServingSocket();
            implAccept(socket);
            return socket;
        }
    }

    /** A connection of the tool's; the thread that serves it is not traced meanwhile. */
    private static final class ServingSocket extends Socket {
        private Thread servingThread;
        private boolean marked;
        /** Whether RMI's handler named this socket at its start ({@link #serving}). */
        private boolean startHooked;

        private synchronized void markAtHandlerStart() {
            startHooked = true;
            markServingThread();
        }

        /**
         * Marks the current thread as the one serving this socket, unless one is; returns whether
         * it did. A thread left marked by a tool connection before is this connection's now.
         */
        private synchronized boolean markServingThread() {
            if (servingThread != null) {
                return false;
            }
            servingThread = Thread.currentThread();
            boolean leftMarked = LEFT_MARKED.get() != null;
            LEFT_MARKED.remove();
            marked = UntracedWork.begin() || leftMarked;
            return marked;
        }

        /**
         * Marks the serving thread at its first use of the socket, when the handler's start could
         * not be hooked (a JDK whose handler the agent does not know). The handler has then named
         * the thread after the connection, a string allocated while the thread was still traced,
         * which would be live in every snapshot taken for the tool: the thread gets an untraced
         * copy of its name, and that string becomes garbage (the handler restores the pool's name
         * for the thread when the connection ends).
         */
        private void serve() {
            if (markServingThread()) {
                Thread current = Thread.currentThread();
                current.setName(String.valueOf(current.getName().toCharArray()));
            }
        }

        @Override
        public void setTcpNoDelay(boolean on) throws SocketException {
            serve();
            super.setTcpNoDelay(on);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            serve();
            return super.getInputStream();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            serve();
            return super.getOutputStream();
        }

        /**
         * Leaves the serving thread marked when the handler's start was hooked (it will name the
         * thread's next socket, and unmark it if that is not the tool's); otherwise unmarks it now.
         */
        @Override
        public synchronized void close() throws IOException {
            try {
                super.close();
            } finally {
                if (marked && servingThread == Thread.currentThread()) {
                    marked = false;
                    if (startHooked) {
                        LEFT_MARKED.set(Boolean.TRUE);
                    } else {
                        UntracedWork.end(true);
                    }
                }
            }
        }
    }
}
