package org.jtracemalloc.it.app;

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

    public static void main(String[] args) throws Exception {
        Object[] kept = new Object[ARRAYS];
        kept[0] = new Sized(1, "before").buffer();
        System.out.println("namesBeforeStart " + names());
        Tracemalloc.start();
        for (int i = 0; i < ARRAYS; i++) {
            kept[i] = new Sized(i, "after").buffer();
        }
        System.out.println("namesAfterStart " + names());
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

    private static String names() throws NoSuchMethodException {
        StringBuilder names = new StringBuilder();
        for (java.lang.reflect.Parameter parameter : Sized.class.getDeclaredConstructor(int.class, String.class).getParameters()) {
            names.append(parameter.isNamePresent() ? parameter.getName() : "<none>").append(',');
        }
        return names.toString();
    }
}
