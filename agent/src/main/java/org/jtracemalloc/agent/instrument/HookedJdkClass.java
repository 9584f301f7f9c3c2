package org.jtracemalloc.agent.instrument;

import java.util.Set;

import net.bytebuddy.jar.asm.MethodVisitor;

/**
 * The JDK classes rewritten for what they do rather than for their allocation sites, each known by
 * its exact name and rewritten whatever the user's class filter says: the filter chooses whose
 * allocations are traced, these make the tracing itself work.
 */
enum HookedJdkClass {
    /** Unsafe's native memory primitives, when native memory is traced ({@link NativeMemoryRewriter}). */
    NATIVE_MEMORY_PRIMITIVES(NativeMemoryRewriter.UNSAFE) {
        @Override
        boolean appliesTo(RewriteScope scope) {
            return scope.nativeMemory();
        }

        @Override
        MethodVisitor wrap(MethodVisitor target, String methodName, String descriptor, Set<String> fields) {
            return NativeMemoryRewriter.wrapIfPrimitive(target, methodName, descriptor);
        }
    },
    /** The definer of hidden classes, whose bytes the agent rewrites ({@link HiddenClassDefinerRewriter}). */
    HIDDEN_CLASS_DEFINER(HiddenClassDefinerRewriter.DEFINER) {
        @Override
        boolean appliesTo(RewriteScope scope) {
            return scope.heap();
        }

        @Override
        MethodVisitor wrap(MethodVisitor target, String methodName, String descriptor, Set<String> fields) {
            return HiddenClassDefinerRewriter.wrapIfDefineClass(target, methodName, descriptor);
        }
    },
    /** RMI's connection handler, which tells the agent whose connection it serves ({@link RmiConnectionHandlerRewriter}). */
    RMI_CONNECTION_HANDLER(RmiConnectionHandlerRewriter.HANDLER) {
        @Override
        boolean appliesTo(RewriteScope scope) {
            return scope.heap();
        }

        @Override
        MethodVisitor wrap(MethodVisitor target, String methodName, String descriptor, Set<String> fields) {
            return RmiConnectionHandlerRewriter.wrapIfRun(target, methodName, descriptor,
                    fields.contains(RmiConnectionHandlerRewriter.SOCKET_FIELD));
        }
    };

    private final String className;

    HookedJdkClass(String className) {
        this.className = className;
    }

    /** The hooked class {@code className} is under {@code scope}, or null. */
    static HookedJdkClass of(String className, RewriteScope scope) {
        for (HookedJdkClass hooked : values()) {
            if (hooked.className.equals(className) && hooked.appliesTo(scope)) {
                return hooked;
            }
        }
        return null;
    }

    abstract boolean appliesTo(RewriteScope scope);

    /**
     * {@code target} wrapped in this class's rewriter when the method is one it rewrites, else
     * {@code target}; {@code fields}: the class's declared fields, as name, space, descriptor.
     */
    abstract MethodVisitor wrap(MethodVisitor target, String methodName, String descriptor, Set<String> fields);
}
