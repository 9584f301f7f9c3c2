package org.jtracemalloc.agent.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * What both allocation rewriters share: the method's identity for registering sites, the line of
 * the instruction being visited, and the one shape of hook call they insert,
 * {@code DUP; push siteId; INVOKESTATIC AllocationHook.<hook>(Object,int)}. That shape adds no
 * branch and no local, so stack map frames stay valid; it needs two more stack slots.
 */
abstract class SiteHookVisitor extends MethodVisitor {
    static final String HOOK = "org/jtracemalloc/bootstrap/AllocationHook";
    static final String HOOK_DESCRIPTOR = "(Ljava/lang/Object;I)V";
    /** The DUP of the reference plus the site id. */
    private static final int EXTRA_STACK = 2;

    private final SiteTable sites;
    final String className;
    final String methodName;
    final String sourceFile;
    /** The line of the last line-number entry seen: instructions after its label belong to it. */
    int line;

    SiteHookVisitor(MethodVisitor target, SiteTable sites, String className, String methodName, String sourceFile) {
        super(Opcodes.ASM9, target);
        this.sites = sites;
        this.className = className;
        this.methodName = methodName;
        this.sourceFile = sourceFile;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        this.line = line;
        super.visitLineNumber(line, start);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(maxStack + EXTRA_STACK, maxLocals);
    }

    /**
     * Stack: ..., ref → ..., ref, with {@code hookMethod} called on a copy of ref. Emitted through
     * {@code super} so that a subclass never sees (and rewrites) its own inserted instructions.
     */
    final void callHook(String hookMethod, int siteLine) {
        super.visitInsn(Opcodes.DUP);
        pushSiteId(siteLine);
        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, hookMethod, HOOK_DESCRIPTOR, false);
    }

    /** Registers the site at {@code siteLine} of this method and pushes its id, in the shortest form. */
    final void pushSiteId(int siteLine) {
        int id = sites.register(className, methodName, sourceFile, siteLine);
        if (id >= -1 && id <= 5) {
            super.visitInsn(Opcodes.ICONST_0 + id);
        } else if (id >= Byte.MIN_VALUE && id <= Byte.MAX_VALUE) {
            super.visitIntInsn(Opcodes.BIPUSH, id);
        } else if (id >= Short.MIN_VALUE && id <= Short.MAX_VALUE) {
            super.visitIntInsn(Opcodes.SIPUSH, id);
        } else {
            super.visitLdcInsn(id);
        }
    }
}
