package org.jtracemalloc.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Map;
import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;
import java.util.function.ObjIntConsumer;

import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Puts {@code org.jtracemalloc.bootstrap.AllocationHook} into the bootstrap class loader and
 * talks to that copy.
 *
 * <p>Class loaders: the agent jar is on the system class path (with {@code -javaagent}, and after
 * {@code loadAgent} on attach), so core and the agent live in the system loader, where the
 * application sees the same {@code Tracemalloc} class. Rewritten JDK classes, however, are defined
 * by the boot loader and can only link against boot-visible classes; so the hook, and only the
 * hook, is injected there from its class file bytes before any code loads it through the system
 * loader. From then on the system loader delegates to the boot copy, and the agent reaches it
 * reflectively through the boot loader ({@code Class.forName(name, true, null)}) so that it can
 * never address a second copy by accident.
 */
final class BootstrapHook {
    static final String CLASS_NAME = "org.jtracemalloc.bootstrap.AllocationHook";

    private final Method connectHeapSink;
    private final Method connectNativeSinks;

    private BootstrapHook(Class<?> hook) throws NoSuchMethodException {
        this.connectHeapSink = hook.getMethod("connectHeapSink", ObjIntConsumer.class);
        this.connectNativeSinks = hook.getMethod("connectNativeSinks", LongBinaryOperator.class, LongConsumer.class);
    }

    /** Injects the hook class into the boot loader (through a temporary jar, as the JVM requires). */
    static BootstrapHook inject(Instrumentation instrumentation) {
        try {
            byte[] classFile = readOwnClassFile(CLASS_NAME);
            File folder = Files.createTempDirectory("jtracemalloc-boot").toFile();
            ClassInjector.UsingInstrumentation.of(folder, ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, instrumentation)
                    .injectRaw(Map.of(CLASS_NAME, classFile));
            deleteOnExit(folder);
            Class<?> hook = Class.forName(CLASS_NAME, true, null);
            return new BootstrapHook(hook);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap hook jar", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the bootstrap hook is not in the boot class loader", e);
        }
    }

    void connectHeapSink(ObjIntConsumer<Object> sink) {
        invoke(connectHeapSink, sink);
    }

    void connectNativeSinks(LongBinaryOperator allocations, LongConsumer frees) {
        invoke(connectNativeSinks, allocations, frees);
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

    /** The JVM keeps the jar open for the process lifetime; remove it and its folder at exit. */
    private static void deleteOnExit(File folder) {
        folder.deleteOnExit();
        File[] files = folder.listFiles();
        if (files != null) {
            for (File file : files) {
                file.deleteOnExit();
            }
        }
    }
}
