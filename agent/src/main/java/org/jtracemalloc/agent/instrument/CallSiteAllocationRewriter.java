package org.jtracemalloc.agent.instrument;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Reports the objects that come out of calls rather than out of allocation instructions: the VM
 * allocates them in native code ({@code Object.clone}, {@code Array.newInstance}, exception
 * backtraces, {@code Unsafe.allocateInstance} behind method-handle constructors, JDK 17's native
 * constructor accessors), or in hidden classes (capturing lambdas and, from JDK 24, the
 * {@code String} of most concatenations, reported at their {@code invokedynamic}), or C2 replaces the instrumented Java body by an intrinsic
 * ({@code Arrays.copyOf} of object arrays, {@code Unsafe.allocateUninitializedArray} behind string
 * concatenation). After such a call it inserts {@code DUP; push siteId; INVOKESTATIC AllocationHook.xyz},
 * the shape of {@link AllocationSiteRewriter} (no branch, no local, stack map frames unchanged).
 *
 * <p>Each object is reported once: the bodies of the intrinsic copy methods are left unrewritten
 * ({@link #isIntrinsicBody}), so their callers alone report the copy, whether or not C2 replaced the
 * body; a {@code super.clone()} is reported only where it reaches {@code Object.clone}, not where it
 * reaches an overriding {@code clone} whose own {@code super.clone()} will be.
 */
final class CallSiteAllocationRewriter extends SiteHookVisitor {
    private static final String CLONE_DESCRIPTOR = "()Ljava/lang/Object;";
    private static final String ARRAYS = "java/util/Arrays";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String INTERNAL_UNSAFE = "jdk/internal/misc/Unsafe";
    private static final String COPY_OF = "([Ljava/lang/Object;ILjava/lang/Class;)[Ljava/lang/Object;";
    private static final String COPY_OF_RANGE = "([Ljava/lang/Object;IILjava/lang/Class;)[Ljava/lang/Object;";
    /**
     * JDK 18 (JEP 416) moved core reflection onto method handles, whose constructors allocate
     * with {@code Unsafe.allocateInstance}; before, {@code Constructor.newInstance} allocated in
     * JNI or in generated accessor classes, neither of which is rewritten.
     */
    private static final boolean REFLECTION_ALLOCATES_NATIVELY = Runtime.version().feature() < 18;
    /**
     * JDK 24 compiles most string concatenations into a hidden class that allocates the result
     * {@code String} itself (its {@code byte[]} comes from {@code StringConcatHelper}, which is
     * rewritten); before, the {@code String} was made in {@code StringConcatHelper} too.
     */
    private static final boolean CONCATENATION_IN_HIDDEN_CLASSES = Runtime.version().feature() >= 24;

    /** The defining loader of the class being rewritten (null: the boot loader). */
    private final ClassLoader loader;

    CallSiteAllocationRewriter(MethodVisitor target, SiteTable sites, String className, String methodName,
                               String sourceFile, ClassLoader loader) {
        super(target, sites, className, methodName, sourceFile);
        this.loader = loader;
    }

    /**
     * Whether a method is one whose body C2 may replace by an intrinsic that allocates the result:
     * its callers report that result, so its own allocations must not be reported as well.
     */
    static boolean isIntrinsicBody(String internalClassName, String name, String descriptor) {
        return internalClassName.equals(ARRAYS)
                && (name.equals("copyOf") && descriptor.equals(COPY_OF)
                    || name.equals("copyOfRange") && descriptor.equals(COPY_OF_RANGE))
                // Only the private allocating half: its public caller keeps its argument checks.
                || internalClassName.equals(INTERNAL_UNSAFE) && name.equals("allocateUninitializedArray0");
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        String hook = hookAfter(opcode, owner, name, descriptor);
        if (hook != null) {
            callHook(hook, line);
        } else if (isBacktraceFill(opcode, owner, name, descriptor)) {
            // Stack: ..., this → ..., this, with the hook called on this.backtrace.
            super.visitInsn(Opcodes.DUP);
            super.visitFieldInsn(Opcodes.GETFIELD, THROWABLE, "backtrace", "Ljava/lang/Object;");
            pushSiteId(line);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "allocatedBacktrace", HOOK_DESCRIPTOR, false);
        }
    }

    /**
     * The native {@code Throwable.fillInStackTrace(int)}, called only by Throwable itself: it
     * returns {@code this} with a backtrace the VM allocated (the largest share of what a
     * compiler such as javac allocates outside bytecode, docs/fidelity.md).
     */
    private boolean isBacktraceFill(int opcode, String owner, String name, String descriptor) {
        return (opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKESPECIAL) && owner.equals(THROWABLE)
                && className.equals("java.lang.Throwable")
                && name.equals("fillInStackTrace") && descriptor.equals("(I)Ljava/lang/Throwable;");
    }

    /**
     * A capturing lambda or method reference: LambdaMetafactory's call site constructs a new proxy
     * object on every execution (with {@code Unsafe.allocateInstance}, whose hook leaves proxies to
     * this site). A non-capturing one (no arguments) returns the same instance every time.
     */
    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrapMethodHandle,
                                       Object... bootstrapMethodArguments) {
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethodHandle, bootstrapMethodArguments);
        String bootstrapOwner = bootstrapMethodHandle.getOwner();
        if (bootstrapOwner.equals("java/lang/invoke/LambdaMetafactory") && !descriptor.startsWith("()")
                || CONCATENATION_IN_HIDDEN_CLASSES && bootstrapOwner.equals("java/lang/invoke/StringConcatFactory")
                   && bootstrapMethodHandle.getName().equals("makeConcatWithConstants")
                   && StringConcatShapes.allocatesInHiddenClass(descriptor, bootstrapMethodArguments)) {
            callHook("allocated", line);
        }
    }

    /** The hook method to call with the call's result, or null when the result is not a new object. */
    private String hookAfter(int opcode, String owner, String name, String descriptor) {
        if (name.equals("clone") && descriptor.equals(CLONE_DESCRIPTOR)) {
            if (opcode == Opcodes.INVOKEVIRTUAL && owner.startsWith("[")) {
                return "allocated";
            }
            return opcode == Opcodes.INVOKESPECIAL && CloneHierarchy.superCloneReachesObjectClone(owner, loader) ? "allocated" : null;
        }
        switch (owner) {
            case "java/lang/reflect/Array":
                if (name.equals("newInstance")) {
                    // The int[] form creates every sub-array of the given dimensions.
                    return descriptor.startsWith("(Ljava/lang/Class;[I)") ? "allocatedMultiArray" : "allocated";
                }
                return null;
            case ARRAYS:
                return isIntrinsicBody(owner, name, descriptor) ? "allocated" : null;
            case INTERNAL_UNSAFE:
                if (name.equals("allocateUninitializedArray")) {
                    return "allocated";
                }
                return name.equals("allocateInstance") ? "allocatedInstance" : null;
            case "sun/misc/Unsafe":
                return name.equals("allocateInstance") ? "allocatedInstance" : null;
            case "java/lang/reflect/Constructor":
                return REFLECTION_ALLOCATES_NATIVELY && name.equals("newInstance") ? "allocated" : null;
            default:
                return null;
        }
    }
}
