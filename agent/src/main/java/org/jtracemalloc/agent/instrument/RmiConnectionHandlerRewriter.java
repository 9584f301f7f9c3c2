package org.jtracemalloc.agent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code run()} of RMI's connection handler ({@code TCPTransport.ConnectionHandler}, JDK 17
 * to 25) so that, on entry, it hands the socket it is about to serve to the boot hook. The handler
 * runs on a thread of RMI's shared pool and allocates before it first touches the socket (the
 * thread's name for the connection; once per JVM, the linkage of that concatenation; on 17 a
 * privileged action): only there can the agent learn that the connection is its command line
 * tool's, and stop tracing the thread before anything is allocated for it. Applied only when the
 * class declares the {@code socket} field read here, so another JDK's layout cannot break RMI.
 * Stack: one reference at a point where the stack is empty.
 */
final class RmiConnectionHandlerRewriter extends MethodVisitor {
    static final String HANDLER = "sun.rmi.transport.tcp.TCPTransport$ConnectionHandler";
    private static final String HANDLER_INTERNAL = HANDLER.replace('.', '/');
    /** The field, name and descriptor, as {@link ClassRewriter} records the declared ones. */
    static final String SOCKET_FIELD = "socket Ljava/net/Socket;";
    private static final String HOOK = "org/jtracemalloc/bootstrap/AllocationHook";

    private RmiConnectionHandlerRewriter(MethodVisitor target) {
        super(Opcodes.ASM9, target);
    }

    /** Wraps {@code target} when it is the handler's {@code run()} and the handler has its socket field, else returns it. */
    static MethodVisitor wrapIfRun(MethodVisitor target, String methodName, String descriptor, boolean hasSocketField) {
        return hasSocketField && "run".equals(methodName) && "()V".equals(descriptor)
                ? new RmiConnectionHandlerRewriter(target) : target;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        super.visitVarInsn(Opcodes.ALOAD, 0);
        super.visitFieldInsn(Opcodes.GETFIELD, HANDLER_INTERNAL, "socket", "Ljava/net/Socket;");
        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "servingConnection", "(Ljava/lang/Object;)V", false);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(Math.max(maxStack, 1), maxLocals);
    }
}
