package org.jtracemalloc.agent.instrument;

import java.util.Set;
import java.util.function.Predicate;

import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * The JDK classes rewritten for what they do rather than for their allocation sites, each known by
 * its exact name and rewritten whatever the user's class filter says: the filter chooses whose
 * allocations are traced, these make the tracing itself work.
 */
enum HookedJdkClass {
    /** Unsafe's native memory primitives, when native memory is traced ({@link NativeMemoryRewriter}). */
    NATIVE_MEMORY_PRIMITIVES(NativeMemoryRewriter.UNSAFE, RewriteScope::nativeMemory,
            (target, method, descriptor, fields) -> NativeMemoryRewriter.wrapIfPrimitive(target, method, descriptor)),
    /** The definer of hidden classes, whose bytes the agent rewrites ({@link HiddenClassDefinerRewriter}). */
    HIDDEN_CLASS_DEFINER(HiddenClassDefinerRewriter.DEFINER, RewriteScope::heap,
            (target, method, descriptor, fields) -> HiddenClassDefinerRewriter.wrapIfDefineClass(target, method, descriptor)),
    /** RMI's connection handler, which tells the agent whose connection it serves ({@link RmiConnectionHandlerRewriter}). */
    RMI_CONNECTION_HANDLER(RmiConnectionHandlerRewriter.HANDLER, RewriteScope::heap,
            (target, method, descriptor, fields) -> RmiConnectionHandlerRewriter.wrapIfRun(target, method, descriptor,
                    fields.contains(RmiConnectionHandlerRewriter.SOCKET_FIELD)));

    /** Wraps a method's visitor in the class's rewriter, or returns it. */
    @FunctionalInterface
    private interface MethodWrapping {
        MethodVisitor wrap(MethodVisitor target, String methodName, String descriptor, Set<String> fields);
    }

    private final String className;
    private final Predicate<RewriteScope> applies;
    private final MethodWrapping wrapping;

    HookedJdkClass(String className, Predicate<RewriteScope> applies, MethodWrapping wrapping) {
        this.className = className;
        this.applies = applies;
        this.wrapping = wrapping;
    }

    /** The hooked class {@code className} is under {@code scope}, or null. */
    static HookedJdkClass of(String className, RewriteScope scope) {
        for (HookedJdkClass hooked : values()) {
            if (hooked.className.equals(className) && hooked.applies.test(scope)) {
                return hooked;
            }
        }
        return null;
    }

    /**
     * {@code target} wrapped in this class's rewriter when the method is one it rewrites, else
     * {@code target}; {@code fields}: the class's declared fields, as name, space, descriptor.
     */
    MethodVisitor wrap(MethodVisitor target, String methodName, String descriptor, Set<String> fields) {
        return wrapping.wrap(target, methodName, descriptor, fields);
    }
}
