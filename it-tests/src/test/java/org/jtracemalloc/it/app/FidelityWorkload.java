package org.jtracemalloc.it.app;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jtracemalloc.store.AgentLink;

/**
 * The accuracy harness's program: runs allocation patterns in the main thread and prints, per
 * pattern, what the JVM counted ({@code ThreadMXBean.getThreadAllocatedBytes}) and, when run with
 * the agent ({@code traced}), what jtracemalloc counted for the same code
 * ({@code Tracemalloc.countAllocations}). The test runs it twice, with and without the agent,
 * and compares the plain run's JVM bytes with the traced run's jtracemalloc bytes.
 *
 * <p>Output, one line per pattern: {@code pattern NAME jvmBytes tracedBytes tracedObjects
 * expectedObjects} (traced values -1 in the plain run), in the traced run followed by the number
 * of traced objects whose size the agent checked ({@code verifySizes}, 0 when off).
 *
 * <p>In the {@code census} run (a JVM that never collects) it also prints, per pattern,
 * {@code census NAME objects bytes calibrationSpread otherThreadsBytes}: what the heap gained
 * while the pattern ran, from class histograms.
 *
 * <p>Arguments: {@code plain|traced|census mixed ITERATIONS} or {@code plain|traced|census javac SOURCE_DIR}.
 */
public final class FidelityWorkload {
    /** Keeps one result of every pattern reachable, so no compiler can drop the allocation. */
    static volatile Object sink;

    private FidelityWorkload() {}

    /** One allocation pattern; {@code objects} is what one run allocates by the JDK's behaviour (-1: not fixed). */
    record Pattern(String name, int objects, Runnable code) {}

    static final class Point {
        final int x;
        final int y;

        Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        public Point() {
            this(1, 2);
        }
    }

    record Pair(int x, int y) {}

    /** The pattern of a known gap: the test checks that it is still short. */
    public static final String RECORD_TO_STRING = "recordToString";
    private static final Pair PAIR = new Pair(1, 2);

    static final class Copyable implements Cloneable {
        long a;
        long b;

        @Override
        protected Copyable clone() {
            try {
                return (Copyable) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static final class Message implements Serializable {
        private static final long serialVersionUID = 1L;
        final long id;
        final int[] values;

        Message(long id, int[] values) {
            this.id = id;
            this.values = values;
        }
    }

    private static final int[] SOURCE = new int[32];
    private static final String[] NAMES = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"};
    /** Boxed once: the growth patterns then allocate only the collections' own objects. */
    private static final Integer[] KEYS = new Integer[16];
    private static final Copyable PROTOTYPE = new Copyable();
    private static final Constructor<Point> CONSTRUCTOR;
    private static final MethodHandle POINT_FACTORY;
    private static final byte[] SERIALIZED;

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = 1000 + i;
        }
        try {
            CONSTRUCTOR = Point.class.getConstructor();
            POINT_FACTORY = MethodHandles.lookup().findConstructor(Point.class, MethodType.methodType(void.class, int.class, int.class));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(new Message(7, new int[] {1, 2, 3}));
            }
            SERIALIZED = bytes.toByteArray();
        } catch (ReflectiveOperationException | IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static List<Pattern> mixedPatterns() {
        List<Pattern> patterns = new ArrayList<>();
        patterns.add(new Pattern("new", 1, () -> sink = new Point(3, 4)));
        patterns.add(new Pattern("primitiveArrays", 8, () -> {
            sink = new boolean[5];
            sink = new byte[7];
            sink = new char[9];
            sink = new short[3];
            sink = new int[4];
            sink = new long[2];
            sink = new float[3];
            sink = new double[2];
        }));
        patterns.add(new Pattern("objectArray", 1, () -> sink = new String[6]));
        // long[2][3]: the outer array and two long[3]; int[2][3][4]: 1 + 2 + 6.
        patterns.add(new Pattern("multiArrays", 3 + 9, () -> {
            sink = new long[2][3];
            sink = new int[2][3][4];
        }));
        patterns.add(new Pattern("arrayClone", 1, () -> sink = SOURCE.clone()));
        patterns.add(new Pattern("objectClone", 1, () -> sink = PROTOTYPE.clone()));
        patterns.add(new Pattern("arrayNewInstance", 1, () -> sink = Array.newInstance(String.class, 5)));
        patterns.add(new Pattern("arraysCopyOf", 3, () -> {
            sink = Arrays.copyOf(SOURCE, 40);
            sink = Arrays.copyOfRange(SOURCE, 2, 9);
            sink = Arrays.copyOf(NAMES, 20);
        }));
        // ArrayList, then its Object[10], Object[15], Object[22] as 16 elements arrive.
        patterns.add(new Pattern("arrayListGrowth", 4, () -> {
            List<Integer> list = new ArrayList<>();
            for (Integer key : KEYS) {
                list.add(key);
            }
            sink = list;
        }));
        // HashMap, table[16], table[32] (the 13th entry passes the 0.75 threshold), 13 nodes.
        patterns.add(new Pattern("hashMapGrowth", 16, () -> {
            Map<Integer, Integer> map = new HashMap<>();
            for (int i = 0; i < 13; i++) {
                map.put(KEYS[i], KEYS[i]);
            }
            sink = map;
        }));
        // StringBuilder, byte[16], byte[34], byte[70], then toString's String and byte[40].
        patterns.add(new Pattern("stringBuilderGrowth", 6, () -> {
            StringBuilder builder = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                builder.append("0123456789");
            }
            sink = builder.toString();
        }));
        patterns.add(new Pattern("constructorNewInstance", 1, FidelityWorkload::constructorNewInstance));
        patterns.add(new Pattern("methodHandleConstructor", 1, FidelityWorkload::methodHandleConstructor));
        // The stream's own buffers and tables come with the Message and its int[3]: no count expected.
        patterns.add(new Pattern("deserialisation", -1, FidelityWorkload::deserialise));
        patterns.add(new Pattern("capturingLambda", 1, FidelityWorkload::capturingLambda));
        patterns.add(new Pattern("nonCapturingLambda", 0, () -> sink = (IntSupplier) () -> 42));
        // Each concatenation: the String and its byte[]. Two shapes, because JDK 24+ makes the first
        // (constants, primitives) in a hidden class and the second (two objects) in StringConcatHelper.
        patterns.add(new Pattern("stringConcatenation", 4, FidelityWorkload::concatenate));
        patterns.add(new Pattern("boxingAboveCache", 2, () -> {
            Integer first = 5000 + SOURCE.length;
            sink = first;
            sink = Long.valueOf(first + 1L);
        }));
        patterns.add(new Pattern("enhancedForIterator", 1, FidelityWorkload::iterate));
        // The record and the boxed result; its hashCode and equals, which ObjectMethods builds
        // from method handles, allocate nothing more.
        patterns.add(new Pattern("recordHashCodeEquals", 2, () -> {
            Pair pair = new Pair(counter, 7);
            sink = pair.hashCode() + (pair.equals(PAIR) ? 1 : 0);
            sink = pair;
        }));
        // A known gap (docs/fidelity.md): ObjectMethods' toString allocates one object inside a
        // hidden class that is not a lambda proxy (JDK 17: a method-handle form's String[] for the
        // components; JDK 25: the String, made by a StringConcatFactory class).
        patterns.add(new Pattern(RECORD_TO_STRING, -1, () -> sink = new Pair(++counter, 7).toString()));
        // Formatter's parser, on JDK 17, runs a stream whose FindOps sink is made by a constructor
        // reference, inside its lambda proxy.
        patterns.add(new Pattern("stringFormat", -1, () -> sink = String.format("%d-%s", ++counter, NAMES[3])));
        // Collectors.toList() makes its ArrayList through ArrayList::new, in a lambda proxy.
        patterns.add(new Pattern("streamConstructorReference", -1,
                () -> sink = IntStream.range(0, 8).boxed().collect(Collectors.toList())));
        patterns.add(new Pattern("streamToArrayConstructorReference", -1,
                () -> sink = Stream.of(NAMES).map(String::toUpperCase).toArray(String[]::new)));
        patterns.add(new Pattern("collectorsGroupingBy", -1,
                () -> sink = Stream.of(NAMES).collect(Collectors.groupingBy(String::length, TreeMap::new, Collectors.toList()))));
        return patterns;
    }

    private static final List<String> ITERATED = List.of("x", "y", "z");
    private static final ArrayList<String> ITERATED_LIST = new ArrayList<>(ITERATED);

    private static void iterate() {
        int length = 0;
        for (String value : ITERATED_LIST) {
            length += value.length();
        }
        sink = length;
    }

    private static void constructorNewInstance() {
        try {
            sink = CONSTRUCTOR.newInstance((Object[]) null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void methodHandleConstructor() {
        try {
            sink = (Point) POINT_FACTORY.invokeExact(5, 6);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static void deserialise() {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(SERIALIZED))) {
            sink = in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static int counter;

    private static void capturingLambda() {
        int captured = ++counter;
        sink = (IntSupplier) () -> captured;
    }

    private static void concatenate() {
        sink = "n=" + SOURCE.length + counter;
        sink = NAMES[counter & 7] + NAMES[8];
    }

    public static void main(String[] args) throws Exception {
        Meter meter = switch (args[0]) {
            case "plain" -> new Meter();
            case "traced" -> TracedMeter.create();
            case "census" -> new HeapCensusMeter();
            default -> throw new IllegalArgumentException(args[0]);
        };
        switch (args[1]) {
            case "mixed" -> mixed(meter, Integer.parseInt(args[2]));
            case "javac" -> javac(meter, Path.of(args[2]));
            default -> throw new IllegalArgumentException(args[1]);
        }
    }

    private static void mixed(Meter meter, int iterations) {
        List<Pattern> patterns = mixedPatterns();
        // Warm: every caller compiled by C2 (and intrinsics in use) before anything is measured.
        for (Pattern pattern : patterns) {
            for (int i = 0; i < iterations; i++) {
                pattern.code().run();
            }
        }
        for (Pattern pattern : patterns) {
            meter.measure(pattern.name(), pattern.objects() < 0 ? -1 : pattern.objects() * (long) iterations, () -> {
                for (int i = 0; i < iterations; i++) {
                    pattern.code().run();
                }
            });
        }
        meter.finish();
    }

    private static void javac(Meter meter, Path sources) throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        Path firstOutput = Files.createTempDirectory("fidelity-javac");
        Path secondOutput = Files.createTempDirectory("fidelity-javac");
        // The first compilation loads and links javac; the second one is measured.
        compile(compiler, files, firstOutput);
        meter.measure("javac", -1, () -> compile(compiler, files, secondOutput));
        meter.finish();
    }

    private static void compile(JavaCompiler compiler, List<String> files, Path output) {
        List<String> arguments = new ArrayList<>(List.of("-proc:none", "-nowarn", "-XDsuppressNotes", "-Xlint:none",
                "-d", output.toString()));
        arguments.addAll(files);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, null, diagnostics, arguments.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + diagnostics);
        }
    }

    /** The JVM's count of the bytes this thread allocated, around a piece of code. */
    static class Meter {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long thread = Thread.currentThread().getId();
        /** What reading the counter twice allocates by itself. */
        private final long readingCost;

        Meter() {
            long first = threads.getThreadAllocatedBytes(thread);
            long second = threads.getThreadAllocatedBytes(thread);
            long third = threads.getThreadAllocatedBytes(thread);
            readingCost = third - second;
            sink = first;
        }

        long allocatedBy(Runnable code) {
            long before = threads.getThreadAllocatedBytes(thread);
            code.run();
            long after = threads.getThreadAllocatedBytes(thread);
            return after - before - readingCost;
        }

        void measure(String name, long expectedObjects, Runnable code) {
            System.out.println("pattern " + name + " " + allocatedBy(code) + " -1 -1 " + expectedObjects);
        }

        /** After the last pattern. */
        void finish() {}
    }

    /** In the agent run: jtracemalloc's count of the same code, with the JVM's for comparison. */
    static final class TracedMeter extends Meter {
        static Meter create() {
            // Loads the counting classes now: their loading allocates, traced but outside any count.
            org.jtracemalloc.Tracemalloc.countAllocations(() -> {}).statistics();
            return new TracedMeter();
        }

        /** The agent's check of every traced size ({@code verifySizes=true}), or null. */
        private final org.jtracemalloc.store.SizeVerifier sizes = org.jtracemalloc.store.AgentLink.sizeVerifier();
        /** Traced objects of the measured code whose size the agent checked. */
        private long sizesChecked;

        @Override
        void measure(String name, long expectedObjects, Runnable code) {
            org.jtracemalloc.Allocations[] traced = new org.jtracemalloc.Allocations[1];
            long[] checked = new long[1];
            long jvm = allocatedBy(() -> {
                // Read right around the counted code: the lambda and the meter allocate too.
                long before = sizes == null ? 0 : sizes.checkedOnThisThread();
                traced[0] = org.jtracemalloc.Tracemalloc.countAllocations(code);
                checked[0] = sizes == null ? 0 : sizes.checkedOnThisThread() - before;
            });
            sizesChecked += checked[0];
            System.out.println("pattern " + name + " " + jvm + " " + traced[0].size() + " " + traced[0].count()
                    + " " + expectedObjects + " " + checked[0]);
            Map<String, long[]> top = new LinkedHashMap<>();
            traced[0].statistics().stream().limit(8).forEach(statistic ->
                    top.put(statistic.traceback().toString(), new long[] {statistic.size(), statistic.count()}));
            top.forEach((site, totals) -> System.out.println("site " + name + " " + site + " " + totals[0] + " " + totals[1]));
        }

        /** {@code sizes CHECKED_IN_MEASURED_CODE CHECKED_IN_ALL MISMATCHES [first mismatches]}, when the agent checks sizes. */
        @Override
        void finish() {
            if (sizes != null) {
                System.out.println("sizes " + sizesChecked + " " + sizes.checked() + " " + sizes.mismatches() + " "
                        + String.join("; ", sizes.firstMismatches()));
            }
        }
    }

    /**
     * In a JVM that never collects (Epsilon, without TLABs so the heap holds no filler objects):
     * every object the measured code allocated is still in the heap, so the class histogram of all
     * objects, reachable or not, taken before and after, counts them by class. The JVM has no
     * per-thread object counter; this is the reference for the number of objects.
     */
    static final class HeapCensusMeter extends Meter {
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        @Override
        void measure(String name, long expectedObjects, Runnable code) {
            // What taking a histogram allocates after its heap walk (reading the reply, the next
            // call until its walk), per class; measured twice to see that it repeats.
            Map<String, long[]> first = histogram();
            Map<String, long[]> second = histogram();
            Map<String, long[]> third = histogram();
            Map<String, long[]> cost = difference(first, second);
            long spread = Math.abs(cost.get(TOTAL)[0] - difference(second, third).get(TOTAL)[0]);
            long otherThreadsBefore = otherThreadsAllocated();
            Map<String, long[]> before = histogram();
            long jvmBytes = allocatedBy(code);
            Map<String, long[]> after = histogram();
            long otherThreads = otherThreadsAllocated() - otherThreadsBefore;
            Map<String, long[]> allocated = difference(before, after);
            cost.forEach((type, counts) -> {
                long[] net = allocated.computeIfAbsent(type, t -> new long[2]);
                net[0] -= counts[0];
                net[1] -= counts[1];
            });
            long[] total = allocated.remove(TOTAL);
            System.out.println("pattern " + name + " " + jvmBytes + " -1 -1 " + expectedObjects);
            System.out.println("census " + name + " " + total[0] + " " + total[1] + " " + spread + " " + otherThreads);
            allocated.entrySet().stream()
                    .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                    .limit(10)
                    .forEach(entry -> System.out.println("census-class " + name + " " + entry.getKey() + " "
                            + entry.getValue()[0] + " " + entry.getValue()[1]));
        }

        private static final String TOTAL = "(total)";

        /** Per class, {objects, bytes} in {@code after} but not in {@code before}, and the total. */
        private static Map<String, long[]> difference(Map<String, long[]> before, Map<String, long[]> after) {
            Map<String, long[]> difference = new HashMap<>();
            long[] total = new long[2];
            after.forEach((type, counts) -> {
                long[] earlier = before.getOrDefault(type, new long[2]);
                long[] added = {counts[0] - earlier[0], counts[1] - earlier[1]};
                if (added[0] != 0) {
                    difference.put(type, added);
                    total[0] += added[0];
                    total[1] += added[1];
                }
            });
            difference.put(TOTAL, total);
            return difference;
        }

        /** {@code GC.class_histogram -all}: every object in the heap, reachable or not, without collecting first. */
        private static Map<String, long[]> histogram() {
            try {
                String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {new String[] {"-all"}}, new String[] {String[].class.getName()});
                Map<String, long[]> counts = new HashMap<>();
                // "   1:        150944        9074920  [B (java.base@17.0.15)"
                for (String line : text.split("\n")) {
                    String[] words = line.trim().split("\\s+");
                    if (words.length >= 4 && words[0].endsWith(":")) {
                        counts.put(words[3], new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])});
                    }
                }
                return counts;
            } catch (javax.management.JMException e) {
                throw new IllegalStateException(e);
            }
        }

        private long otherThreadsAllocated() {
            long sum = 0;
            for (long id : threads.getAllThreadIds()) {
                if (id != Thread.currentThread().getId()) {
                    sum += Math.max(0, threads.getThreadAllocatedBytes(id));
                }
            }
            return sum;
        }
    }
}
