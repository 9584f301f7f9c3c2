package org.jtracemalloc.agent.instrument;

import java.util.ArrayDeque;
import java.util.Deque;

import org.jtracemalloc.agent.AgentLog;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites one method so that every allocation hands its new object to the boot hook:
 * after {@code NEWARRAY}/{@code ANEWARRAY} and after the {@code INVOKESPECIAL <init>} that
 * completes a {@code NEW} it inserts {@code DUP; push siteId; INVOKESTATIC AllocationHook.allocated},
 * after {@code MULTIANEWARRAY} the same with {@code allocatedMultiArray}.
 *
 * <p>Why after {@code <init>}: the verifier types a {@code NEW} result as uninitialized, and an
 * uninitialized reference cannot be passed to a method. Why this exact shape: it adds no branch
 * and no local, so the method's stack map frames stay valid and only {@code max_stack} grows by 2
 * (no frame recomputation, hence no class loading inside the transformer).
 *
 * <p>Pairing {@code <init>} with its {@code NEW}: pending {@code NEW}s are kept on a stack (javac
 * nests them: {@code new A(new B())} is {@code NEW A, DUP, NEW B, DUP, B.<init>, A.<init>}). An
 * {@code <init>} whose owner is not the top pending type is a {@code this(...)}/{@code super(...)}
 * call on the uninitialized {@code this}, not an allocation. A {@code NEW} not immediately followed
 * by {@code DUP} (not javac's shape) leaves no copy to report after {@code <init>}; it is skipped
 * and counted rather than rewritten with spilled locals.
 */
final class AllocationSiteRewriter extends SiteHookVisitor {

    private final InstrumentationStats stats;
    private final Deque<PendingNew> pendingNews = new ArrayDeque<>();

    /** The NEW just visited, whose next instruction decides whether it is hookable. */
    private PendingNew awaitingDup;

    AllocationSiteRewriter(MethodVisitor target, SiteTable sites, String className, String methodName,
                           String sourceFile, InstrumentationStats stats) {
        super(target, sites, className, methodName, sourceFile);
        this.stats = stats;
    }

    /** A {@code NEW} whose {@code <init>} has not been seen yet. */
    private static final class PendingNew {
        final String type;
        final int line;
        boolean duplicated;

        PendingNew(String type, int line) {
            this.type = type;
            this.line = line;
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        beforeInstruction(opcode);
        super.visitTypeInsn(opcode, type);
        if (opcode == Opcodes.NEW) {
            awaitingDup = new PendingNew(type, line);
            pendingNews.push(awaitingDup);
        } else if (opcode == Opcodes.ANEWARRAY) {
            callHook("allocated", line);
        }
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        beforeInstruction(opcode);
        super.visitIntInsn(opcode, operand);
        if (opcode == Opcodes.NEWARRAY) {
            callHook("allocated", line);
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        beforeInstruction(Opcodes.MULTIANEWARRAY);
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
        callHook("allocatedMultiArray", line);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        beforeInstruction(opcode);
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")
                && !pendingNews.isEmpty() && pendingNews.peek().type.equals(owner)) {
            PendingNew completed = pendingNews.pop();
            if (isJdkEvent(owner)) {
                // Left as the JDK wrote it (see isJdkEvent).
            } else if (completed.duplicated) {
                // The DUP'ed copy of the NEW result is now initialized and on top of the stack.
                callHook("allocated", completed.line);
            } else {
                stats.siteSkipped();
                if (AgentLog.isEnabled(AgentLog.Level.DEBUG)) {
                    AgentLog.debug("not traced: NEW " + owner + " without DUP in " + className + "." + methodName
                            + " (" + sourceFile + ":" + completed.line + ")");
                }
            }
        }
    }

    @Override
    public void visitInsn(int opcode) {
        beforeInstruction(opcode);
        super.visitInsn(opcode);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        beforeInstruction(opcode);
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        beforeInstruction(opcode);
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
                                       Object... bootstrapMethodArguments) {
        beforeInstruction(Opcodes.INVOKEDYNAMIC);
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        beforeInstruction(opcode);
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        beforeInstruction(Opcodes.LDC);
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        beforeInstruction(Opcodes.IINC);
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        beforeInstruction(Opcodes.TABLESWITCH);
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        beforeInstruction(Opcodes.LOOKUPSWITCH);
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    /**
     * The JDK's own JFR events ({@code new DeserializationEvent()}, then {@code if (event.shouldCommit())}).
     * While JFR does not record them, the compiled uninstrumented code does not allocate them at
     * all: C2 inlines the constructor and {@code shouldCommit()} (false) and removes the unused
     * allocation, escape analysis or not. Hooked, the object would escape into the hook and be
     * allocated, so the traced program would allocate more than the program itself (240 B per
     * {@code ObjectInputStream.readObject} of a small object, docs/fidelity.md).
     */
    private static boolean isJdkEvent(String type) {
        return type.startsWith("jdk/internal/event/");
    }

    /** Settles whether the NEW just visited is followed by the DUP that the hook needs. */
    private void beforeInstruction(int opcode) {
        if (awaitingDup != null) {
            awaitingDup.duplicated = opcode == Opcodes.DUP;
            awaitingDup = null;
        }
    }
}
