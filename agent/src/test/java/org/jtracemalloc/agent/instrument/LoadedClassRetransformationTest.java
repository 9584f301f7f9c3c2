package org.jtracemalloc.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The retransformation of loaded classes against a JVM that refuses every
 * {@code retransformClasses} call holding one particular class, as HotSpot refuses a whole call
 * when one of its classes fails. The JVM is a fake that runs the real transformer on the real
 * class files, as HotSpot does on the calling thread.
 */
class LoadedClassRetransformationTest {
    private static final List<Class<?>> LOADED = List.of(ArrayList.class, HashMap.class, ArrayDeque.class, TreeMap.class);
    private static final Class<?> REFUSED = HashMap.class;

    @Test
    void aRefusedCallIsRetriedInHalvesAndEachClassCountedOnce() {
        InstrumentationStats stats = new InstrumentationStats();
        LoadTimeTransformedClasses loadTimeTransformed = new LoadTimeTransformedClasses();
        AllocationTransformer transformer = new AllocationTransformer(
                new ClassRewriter((type, method, source, line) -> 1, stats, RewriteScope.allHeap()),
                stats, loadTimeTransformed);
        List<List<Class<?>>> calls = new ArrayList<>();
        Instrumentation jvm = refusingJvm(transformer, calls);
        long instrumentedBefore = stats.classesInstrumented();
        long failedBefore = stats.classesFailed();

        new LoadedClassRetransformation(jvm, transformer, loadTimeTransformed, stats, 1, Integer.MAX_VALUE, 0).run();

        // all four refused; [ArrayList, HashMap] refused, [ArrayList] accepted, [HashMap] refused; [ArrayDeque, TreeMap] accepted
        assertEquals(List.of(LOADED, LOADED.subList(0, 2), LOADED.subList(0, 1), LOADED.subList(1, 2), LOADED.subList(2, 4)),
                calls);
        assertEquals(3, stats.classesInstrumented() - instrumentedBefore,
                "each accepted class once, though the transformer rewrote ArrayList three times");
        assertEquals(1, stats.classesFailed() - failedBefore, "the refused class");
    }

    private static Instrumentation refusingJvm(AllocationTransformer transformer, List<List<Class<?>>> calls) {
        return (Instrumentation) Proxy.newProxyInstance(Instrumentation.class.getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getAllLoadedClasses" -> LOADED.toArray(new Class<?>[0]);
                    case "isModifiableClass" -> true;
                    case "retransformClasses" -> {
                        List<Class<?>> batch = List.of((Class<?>[]) arguments[0]);
                        calls.add(batch);
                        for (Class<?> type : batch) {
                            transformer.transform(null, type.getName().replace('.', '/'), type, null, classFile(type));
                        }
                        if (batch.contains(REFUSED)) {
                            throw new UnmodifiableClassException(REFUSED.getName());
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static byte[] classFile(Class<?> type) {
        try (InputStream in = Object.class.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
