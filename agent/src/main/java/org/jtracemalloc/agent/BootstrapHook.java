package org.jtracemalloc.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Puts {@code org.jtracemalloc.bootstrap.AllocationHook} into the bootstrap class loader and
 * talks to that copy.
 *
 * <p>Class loaders: the agent jar is on the system class path (with {@code -javaagent}, and after
 * {@code loadAgent} on attach), so core and the agent live in the system loader, where the
 * application sees the same {@code Tracemalloc} class. Rewritten JDK classes, however, are defined
 * by the boot loader and can only link against boot-visible classes; so the hook, and only the
 * hook, is defined there from its class file bytes before any code loads it through the system
 * loader. From then on the system loader delegates to the boot copy, and the agent reaches it
 * reflectively through the boot loader ({@code Class.forName(name, true, null)}) so that it can
 * never address a second copy by accident.
 */
final class BootstrapHook {
    static final String CLASS_NAME = "org.jtracemalloc.bootstrap.AllocationHook";
    private static final String UNSAFE_PACKAGE = "jdk.internal.misc";
    private static final String OUT_OF_LINE_METHOD = "deliver";
    private static final String DONT_INLINE = "Ljdk/internal/vm/annotation/DontInline;";

    private final Method connectHeapSink;
    private final Method connectSamplingCountdowns;
    private final Method connectNativeSinks;
    private final Method connectHiddenClassSink;
    private final Method connectConnectionSink;

    private BootstrapHook(Class<?> hook) throws NoSuchMethodException {
        this.connectHeapSink = hook.getMethod("connectHeapSink", ObjIntConsumer.class);
        this.connectSamplingCountdowns = hook.getMethod("connectSamplingCountdowns", ThreadLocal.class, ToLongFunction.class);
        this.connectNativeSinks = hook.getMethod("connectNativeSinks", LongBinaryOperator.class, LongConsumer.class);
        this.connectHiddenClassSink = hook.getMethod("connectHiddenClassSink", UnaryOperator.class);
        this.connectConnectionSink = hook.getMethod("connectConnectionSink", Consumer.class);
    }

    /**
     * Defines the hook class in the boot loader and returns the agent's handle on it. The
     * definition is {@link BootHookDefiner}'s, in the agent's own module, to which alone
     * {@code jdk.internal.misc} is exported for it, with {@link Instrumentation#redefineModule},
     * the agent's supported way to do so.
     */
    static BootstrapHook inject(Instrumentation instrumentation) {
        try {
            PrivilegedModule privileged = PrivilegedModule.of(instrumentation).exportFrom(Object.class.getModule(), UNSAFE_PACKAGE);
            privileged.newInstance(BootHookDefiner.class).define(withDeliveryOutOfLine(readOwnClassFile(CLASS_NAME)));
            Class<?> hook = Class.forName(CLASS_NAME, true, null);
            return new BootstrapHook(hook);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bootstrap hook class", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the JVM refused the bootstrap hook class: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the bootstrap hook is not in the boot class loader", e);
        }
    }

    /**
     * The hook's class file with its {@code deliver} method marked {@code @DontInline}, an
     * annotation HotSpot honours only in classes of the boot and platform loaders (so it cannot be
     * written in the source, which javac compiles with {@code --release 17}, where
     * {@code jdk.internal.vm.annotation} is not exported). Without it C2 inlines the whole
     * recording path (the store's thread state, sampling decision, weak handle) into every
     * allocation site of every compiled method; the JDK's methods then grow past the size C2
     * inlines into their callers, and in sampling mode the allocation loop and javac ran 3-7 %
     * slower (docs/performance-log.md, "The hook's call out of line"). Each site keeps inlined
     * what it needs while tracing is stopped: the read of the sink and the branch.
     */
    static byte[] withDeliveryOutOfLine(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!name.equals(OUT_OF_LINE_METHOD)) {
                    return method;
                }
                method.visitAnnotation(DONT_INLINE, true).visitEnd();
                // Not the writer itself: handed the writer, the reader would copy the method's
                // original bytes, annotations included, and drop the one added here.
                return new MethodVisitor(Opcodes.ASM9, method) {};
            }
        }, 0);
        return writer.toByteArray();
    }

    void connectHeapSink(ObjIntConsumer<Object> sink) {
        invoke(connectHeapSink, sink);
    }

    void connectSamplingCountdowns(ThreadLocal<long[]> countdowns, ToLongFunction<Object> sizes) {
        invoke(connectSamplingCountdowns, countdowns, sizes);
    }

    void connectNativeSinks(LongBinaryOperator allocations, LongConsumer frees) {
        invoke(connectNativeSinks, allocations, frees);
    }

    void connectHiddenClassSink(UnaryOperator<byte[]> sink) {
        invoke(connectHiddenClassSink, sink);
    }

    void connectConnectionSink(Consumer<Object> sink) {
        invoke(connectConnectionSink, sink);
    }

    private static void invoke(Method hookMethod, Object... arguments) {
        try {
            hookMethod.invoke(null, arguments);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot reach the bootstrap hook", e);
        }
    }

    private static byte[] readOwnClassFile(String className) throws IOException {
        String resource = className.replace('.', '/') + ".class";
        try (InputStream in = BootstrapHook.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }
}
