package org.jtracemalloc.it.app;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URL;
import java.net.URLClassLoader;
import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Statistic;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with the agent and {@code start=false}: a record is loaded and used before tracing starts,
 * so the start retransforms it. Prints its canonical constructor's parameter names before and
 * after the start (javac writes them for a record's canonical constructor, {@code -parameters}
 * or not), and how many arrays its method allocated after the start, as traced at its line.
 */
public final class ParameterNamesAcrossStart {
    public static final int ARRAYS = 100;
    /** The line of the record's allocation. */
    private static volatile int bufferLine;

    /** A record whose method allocates, so that the start has to rewrite it. */
    record Sized(int count, String label) {
        int[] buffer() {
            bufferLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
            return new int[count];
        }
    }

    private ParameterNamesAcrossStart() {}

    /**
     * With the argument {@code urlClassLoader}, the record is defined by a {@code URLClassLoader}
     * of its own (as an application server's or Spring Boot's classes are), whose class file the
     * agent reads from that loader alone.
     */
    public static void main(String[] args) throws Exception {
        Class<?> sized = args.length > 0 && args[0].equals("urlClassLoader")
                ? new URLClassLoader(new URL[] {ParameterNamesAcrossStart.class.getProtectionDomain().getCodeSource().getLocation()},
                        ClassLoader.getPlatformClassLoader()).loadClass(Sized.class.getName())
                : Sized.class;
        Constructor<?> constructor = sized.getDeclaredConstructor(int.class, String.class);
        Method buffer = sized.getDeclaredMethod("buffer");
        constructor.setAccessible(true);
        buffer.setAccessible(true);
        Object[] kept = new Object[ARRAYS];
        kept[0] = buffer.invoke(constructor.newInstance(1, "before"));
        System.out.println("namesBeforeStart " + names(constructor));
        Tracemalloc.start();
        for (int i = 0; i < ARRAYS; i++) {
            kept[i] = buffer.invoke(constructor.newInstance(i, "after"));
        }
        System.out.println("namesAfterStart " + names(sized.getDeclaredConstructor(int.class, String.class)));
        Field line = sized.getDeclaringClass().getDeclaredField("bufferLine");
        line.setAccessible(true);
        int bufferLine = line.getInt(null);
        Snapshot snapshot = Tracemalloc.takeSnapshot();
        long traced = 0;
        for (Statistic statistic : snapshot.statistics("lineno")) {
            Frame frame = statistic.traceback().get(0);
            if (frame.filename().endsWith("/ParameterNamesAcrossStart.java") && frame.lineno() == bufferLine) {
                traced += statistic.count();
            }
        }
        System.out.println("tracedArrays " + traced);
        System.out.println("kept " + kept.length);
    }

    private static String names(Constructor<?> constructor) {
        StringBuilder names = new StringBuilder();
        for (Parameter parameter : constructor.getParameters()) {
            names.append(parameter.isNamePresent() ? parameter.getName() : "<none>").append(',');
        }
        return names.toString();
    }
}
