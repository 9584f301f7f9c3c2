package org.jtracemalloc.agent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites the native-memory primitives of {@code jdk.internal.misc.Unsafe}, which every other
 * route ({@code sun.misc.Unsafe}, {@code ByteBuffer.allocateDirect}, {@code Bits}) ends in, so that
 * the boot hook sees each block: {@code allocateMemory(bytes)} reports (address, bytes) before
 * each return, {@code reallocateMemory(address, bytes)} reports the old address released on entry
 * and the new block before each return, {@code freeMemory(address)} reports the release on entry.
 *
 * <p>{@code bytes} is read from its parameter slot at the return, after Unsafe has rounded it up
 * to whole heap words: the size of the block actually allocated. Like the heap rewriting this adds
 * no branch and no local, only stack.
 */
final class NativeMemoryRewriter extends MethodVisitor {
    static final String UNSAFE = "jdk.internal.misc.Unsafe";
    private static final String HOOK = "org/jtracemalloc/bootstrap/AllocationHook";
    /** DUP2 of the returned address plus the long size. */
    private static final int EXTRA_STACK = 4;

    /** The Unsafe method being rewritten; {@code sizeSlot} is the local of its bytes parameter. */
    private enum Primitive {
        ALLOCATE("allocateMemory", "(J)J", -1, 1),
        REALLOCATE("reallocateMemory", "(JJ)J", 1, 3),
        FREE("freeMemory", "(J)V", 1, -1);

        final String name;
        final String descriptor;
        final int releasedAddressSlot;
        final int sizeSlot;

        Primitive(String name, String descriptor, int releasedAddressSlot, int sizeSlot) {
            this.name = name;
            this.descriptor = descriptor;
            this.releasedAddressSlot = releasedAddressSlot;
            this.sizeSlot = sizeSlot;
        }
    }

    private final Primitive primitive;

    private NativeMemoryRewriter(MethodVisitor target, Primitive primitive) {
        super(Opcodes.ASM9, target);
        this.primitive = primitive;
    }

    /** Wraps {@code target} when the method is one of Unsafe's memory primitives, else returns it. */
    static MethodVisitor wrapIfPrimitive(MethodVisitor target, String methodName, String descriptor) {
        for (Primitive primitive : Primitive.values()) {
            if (primitive.name.equals(methodName) && primitive.descriptor.equals(descriptor)) {
                return new NativeMemoryRewriter(target, primitive);
            }
        }
        return target;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        if (primitive.releasedAddressSlot >= 0) {
            super.visitVarInsn(Opcodes.LLOAD, primitive.releasedAddressSlot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "nativeFreed", "(J)V", false);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode == Opcodes.LRETURN && primitive.sizeSlot >= 0) {
            super.visitInsn(Opcodes.DUP2);
            super.visitVarInsn(Opcodes.LLOAD, primitive.sizeSlot);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "nativeAllocated", "(JJ)V", false);
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
    }
}
