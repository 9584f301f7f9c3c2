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
import java.util.Map;
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

        new LoadedClassRetransformation(jvm, transformer, loadTimeTransformed, stats, 1, Integer.MAX_VALUE).run();

        // all four refused; [ArrayList, HashMap] refused, [ArrayList] accepted, [HashMap] refused; [ArrayDeque, TreeMap] accepted
        assertEquals(List.of(LOADED, LOADED.subList(0, 2), LOADED.subList(0, 1), LOADED.subList(1, 2), LOADED.subList(2, 4)),
                calls);
        assertEquals(3, stats.classesInstrumented() - instrumentedBefore,
                "each accepted class once, though the JVM handed ArrayList over three times");
        assertEquals(1, stats.classesFailed() - failedBefore, "the refused class");
    }

    @Test
    void aClassOfARefusedCallIsRewrittenOnlyOnce() {
        Map<String, Integer> sitesInOneRewriting = new HashMap<>();
        new ClassRewriter(countingSites(sitesInOneRewriting), new InstrumentationStats(), RewriteScope.allHeap())
                .rewriteRetransformed(ArrayList.class.getName(), null, classFile(ArrayList.class), null);
        Map<String, Integer> sitesRegistered = new HashMap<>();
        InstrumentationStats stats = new InstrumentationStats();
        LoadTimeTransformedClasses loadTimeTransformed = new LoadTimeTransformedClasses();
        AllocationTransformer transformer = new AllocationTransformer(
                new ClassRewriter(countingSites(sitesRegistered), stats, RewriteScope.allHeap()), stats, loadTimeTransformed);
        List<List<Class<?>>> calls = new ArrayList<>();

        new LoadedClassRetransformation(refusingJvm(transformer, calls), transformer, loadTimeTransformed, stats, 1,
                Integer.MAX_VALUE).run();

        assertEquals(3, calls.stream().filter(call -> call.contains(ArrayList.class)).count());
        assertEquals(sitesInOneRewriting.get(ArrayList.class.getName()), sitesRegistered.get(ArrayList.class.getName()),
                "the rewriting of the first call handed back again, its sites registered once");
    }

    private static SiteTable countingSites(Map<String, Integer> sitesByClass) {
        return (type, method, source, line) -> {
            sitesByClass.merge(type, 1, Integer::sum);
            return 1;
        };
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
