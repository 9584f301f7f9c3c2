package org.jtracemalloc.agent.instrument;

import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@code MethodHandles.Lookup.ClassDefiner.defineClass(boolean, Object)}, the one method
 * through which the JDK defines every hidden class (lambda proxies, method-handle forms,
 * {@code Lookup.defineHiddenClass}), so that the class file passes through the boot hook first:
 * the JVM never shows hidden classes to a {@code ClassFileTransformer}, and once defined they
 * cannot be retransformed. The first read of the definer's {@code bytes} field is the argument of
 * the JVM call that defines the class (JDK 17 to 25); the hook's result replaces it. Later reads
 * (JDK 25's class-file dumper) keep the original bytes. Stack-neutral: one reference in, one out.
 */
final class HiddenClassDefinerRewriter extends MethodVisitor {
    static final String DEFINER = "java.lang.invoke.MethodHandles$Lookup$ClassDefiner";
    private static final String DEFINER_INTERNAL = DEFINER.replace('.', '/');
    private static final String METHOD = "defineClass";
    private static final String DESCRIPTOR = "(ZLjava/lang/Object;)Ljava/lang/Class;";
    private static final String BYTES_FIELD = "bytes";
    private static final String HOOK = "org/jtracemalloc/bootstrap/AllocationHook";

    private boolean hooked;

    private HiddenClassDefinerRewriter(MethodVisitor target) {
        super(Opcodes.ASM9, target);
    }

    /** Wraps {@code target} when it is the definer's {@code defineClass(boolean, Object)}, else returns it. */
    static MethodVisitor wrapIfDefineClass(MethodVisitor target, String methodName, String descriptor) {
        return METHOD.equals(methodName) && DESCRIPTOR.equals(descriptor) ? new HiddenClassDefinerRewriter(target) : target;
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        super.visitFieldInsn(opcode, owner, name, descriptor);
        if (!hooked && opcode == Opcodes.GETFIELD && owner.equals(DEFINER_INTERNAL) && name.equals(BYTES_FIELD)) {
            hooked = true;
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "hiddenClassBytes", "([B)[B", false);
        }
    }
}
