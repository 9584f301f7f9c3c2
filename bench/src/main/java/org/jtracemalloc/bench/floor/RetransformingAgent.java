package org.jtracemalloc.bench.floor;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java agent that retransforms every modifiable class loaded before {@code main}, as
 * jtracemalloc does when tracing starts in {@code premain} (one thread per processor, each with its
 * share in one call), with a transformer that hands every class file back unchanged, as a copy, so
 * that the JVM does take and install new bytes. What remains is the JVM's own part of rewriting
 * the loaded classes: rebuilding their class files (classes from the CDS archive keep none),
 * parsing the new ones and swapping them in at a safepoint. The floor under any agent that
 * rewrites the JDK's loaded classes before {@code main}. Packaged alone as
 * {@code bench/target/floor-retransform.jar}.
 */
public final class RetransformingAgent {
    private RetransformingAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) throws Exception {
        ClassFileTransformer unchanged = new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                                    byte[] classFile) {
                return redefined == null ? null : classFile.clone();
            }
        };
        instrumentation.addTransformer(unchanged, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (instrumentation.isModifiableClass(type) && type.getClassLoader() != RetransformingAgent.class.getClassLoader()) {
                loaded.add(type);
            }
        }
        int shares = Runtime.getRuntime().availableProcessors();
        List<Thread> helpers = new ArrayList<>();
        for (int share = 1; share < shares; share++) {
            Class<?>[] classes = everyNth(loaded, share, shares);
            Thread helper = new Thread(() -> retransform(instrumentation, classes));
            helper.start();
            helpers.add(helper);
        }
        retransform(instrumentation, everyNth(loaded, 0, shares));
        for (Thread helper : helpers) {
            helper.join();
        }
        instrumentation.removeTransformer(unchanged);
    }

    private static Class<?>[] everyNth(List<Class<?>> classes, int first, int step) {
        List<Class<?>> share = new ArrayList<>();
        for (int i = first; i < classes.size(); i += step) {
            share.add(classes.get(i));
        }
        return share.toArray(new Class<?>[0]);
    }

    private static void retransform(Instrumentation instrumentation, Class<?>[] classes) {
        try {
            instrumentation.retransformClasses(classes);
        } catch (UnmodifiableClassException e) {
            throw new IllegalStateException(e);
        }
    }
}
