package org.jtracemalloc.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

import org.jtracemalloc.bootstrap.AllocationHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Rewrites {@link RewriterFixture} the way the agent does ({@link ClassRewriter}), loads the
 * result in its own class loader, which verifies it, and checks what reaches the hook. The hook is the system loader's copy here, with a recording sink.
 */
class AllocationSiteRewriterTest {
    private static final String FIXTURE_SOURCE = "src/test/java/org/jtracemalloc/agent/instrument/RewriterFixture.java";

    record Site(String className, String methodName, String sourceFile, int line) {}

    record Event(Object object, Site site) {}

    private final List<Site> sites = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final InstrumentationStats stats = new InstrumentationStats();

    @BeforeEach
    void recordAllocations() {
        AllocationHook.connectHeapSink((ObjIntConsumer<Object>) (object, siteId) -> events.add(new Event(object, sites.get(siteId))));
    }

    @AfterEach
    void disconnect() {
        AllocationHook.connectHeapSink(null);
    }

    @Test
    void objectIsReportedAfterItsConstructorWithTheSiteOfItsLine() throws Exception {
        Object fixture = newRewrittenFixture();
        events.clear();
        Object result = call(fixture, "plainObject");
        assertEquals(1, events.size());
        assertSame(result, events.get(0).object());
        assertEquals(new Site(RewriterFixture.class.getName(), "plainObject", "RewriterFixture.java", lineOf("plainObject")),
                events.get(0).site());
    }

    @Test
    void nestedAllocationsAreReportedInnerFirst() throws Exception {
        Object fixture = newRewrittenFixture();
        events.clear();
        Object box = call(fixture, "nested");
        assertEquals(List.of(StringBuilder.class, box.getClass()), classesOfEvents());
        assertSame(box, events.get(1).object());
        assertEquals(lineOf("nested"), events.get(0).site().line());
        assertEquals(lineOf("nested"), events.get(1).site().line());
    }

    @Test
    void objectWhoseReferenceIsDiscardedIsStillReported() throws Exception {
        Object fixture = newRewrittenFixture();
        events.clear();
        call(fixture, "discarded");
        assertEquals(List.of(RewriterFixture.Box.class), classesOfEvents());
        assertEquals(lineOf("discarded"), events.get(0).site().line());
    }

    @Test
    void constructorChainingIsNotAnAllocation() throws Exception {
        newRewrittenFixture();
        // Only the field initializer's ArrayList: this(...) and super() calls report nothing.
        assertEquals(List.of(ArrayList.class), classesOfEvents());
        assertEquals(lineOf("field"), events.get(0).site().line());
        assertEquals("<init>", events.get(0).site().methodName());
    }

    @Test
    void arraysAreReportedWithTheirSite() throws Exception {
        Object fixture = newRewrittenFixture();
        events.clear();
        Method primitiveArray = fixture.getClass().getMethod("primitiveArray", int.class);
        int[] ints = (int[]) primitiveArray.invoke(fixture, 7);
        Object strings = call(fixture, "objectArray");
        assertEquals(2, events.size());
        assertSame(ints, events.get(0).object());
        assertEquals(lineOf("primitiveArray"), events.get(0).site().line());
        assertSame(strings, events.get(1).object());
        assertEquals(lineOf("objectArray"), events.get(1).site().line());
    }

    @Test
    void everySubArrayOfAMultiArrayIsItsOwnAllocation() throws Exception {
        Object fixture = newRewrittenFixture();
        events.clear();
        long[][][] partial = (long[][][]) call(fixture, "multiArray");
        assertArrayEquals(new Object[] {partial, partial[0], partial[1]}, objectsOfEvents());
        assertNull(partial[0][0]);
        events.clear();
        Object[][] full = (Object[][]) call(fixture, "fullMultiArray");
        assertArrayEquals(new Object[] {full, full[0], full[1]}, objectsOfEvents());
        for (Event event : events) {
            assertEquals(lineOf("fullMultiArray"), event.site().line());
        }
    }

    @Test
    void allocationInsideExceptionHandlerCodeKeepsValidFrames() throws Exception {
        Object fixture = newRewrittenFixture();
        events.clear();
        Object exception = call(fixture, "throwing");
        assertEquals(1, events.size());
        assertSame(exception, events.get(0).object());
        assertEquals(lineOf("throwing"), events.get(0).site().line());
    }

    @Test
    void newWithoutImmediateDupIsSkippedAndCounted() throws Exception {
        // NEW; ASTORE 1; ALOAD 1; ALOAD 1; INVOKESPECIAL <init>; ARETURN: legal, but not javac's shape.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "gen/NoDup", null, "java/lang/Object", null);
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "make", "()Ljava/lang/Object;", null, null);
        method.visitCode();
        method.visitTypeInsn(Opcodes.NEW, "java/lang/Object");
        method.visitVarInsn(Opcodes.ASTORE, 0);
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitVarInsn(Opcodes.ALOAD, 0);
        method.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
        writer.visitEnd();
        Class<?> rewritten = rewriteAndLoad("gen.NoDup", writer.toByteArray());
        Object made = rewritten.getMethod("make").invoke(null);
        assertEquals(Object.class, made.getClass());
        assertEquals(List.of(), events);
        assertEquals(1, stats.sitesSkipped());
    }

    private Object newRewrittenFixture() throws Exception {
        byte[] original = ClassFileLocator.ForClassLoader.read(RewriterFixture.class);
        return rewriteAndLoad(RewriterFixture.class.getName(), original).getConstructor().newInstance();
    }

    private Class<?> rewriteAndLoad(String name, byte[] classFile) throws ClassNotFoundException {
        SiteTable table = (className, methodName, sourceFile, line) -> {
            sites.add(new Site(className, methodName, sourceFile, line));
            return sites.size() - 1;
        };
        byte[] rewritten = new ClassRewriter(table, stats, RewriteScope.allHeap())
                .rewrite(name, getClass().getClassLoader(), classFile);
        ClassLoader loader = new ByteArrayClassLoader.ChildFirst(getClass().getClassLoader(),
                Map.of(name, rewritten == null ? classFile : rewritten));
        return Class.forName(name, true, loader);
    }

    private static Object call(Object fixture, String method) throws Exception {
        return fixture.getClass().getMethod(method).invoke(fixture);
    }

    private List<Class<?>> classesOfEvents() {
        return events.stream().<Class<?>>map(event -> event.object().getClass()).toList();
    }

    private Object[] objectsOfEvents() {
        return events.stream().map(Event::object).toArray();
    }

    private static int lineOf(String marker) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(FIXTURE_SOURCE));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith("// site: " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line marked '" + marker + "' in " + FIXTURE_SOURCE);
    }
}
