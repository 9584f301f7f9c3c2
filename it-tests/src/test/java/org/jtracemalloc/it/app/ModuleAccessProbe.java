package org.jtracemalloc.it.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.function.Supplier;

import org.jtracemalloc.Tracemalloc;
import org.jtracemalloc.store.AgentLink;

/**
 * Class-path code trying two things the JDK forbids it, and printing what happened: a call of
 * {@code jdk.internal.misc.Unsafe.getUnsafe()} compiled into {@link #INTERNAL_UNSAFE_CALLER} (a
 * class the test compiles with that package exported at compile time only), and
 * {@code setAccessible(true)} on {@code String}'s private {@code value} field. Arguments, in
 * this order, each optional: {@code start=N} calls {@code Tracemalloc.start(N)} first;
 * {@code wait} prints {@code ready} and waits for a line on stdin (the test attaches meanwhile);
 * {@code traced} prints what the agent does (tracing, the limit, whether a fresh allocation is
 * traced and whether deep tracebacks come from the VM's backtraces).
 */
public final class ModuleAccessProbe {
    public static final String INTERNAL_UNSAFE_CALLER = "InternalUnsafeCaller";

    private ModuleAccessProbe() {}

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.startsWith("start=")) {
                Tracemalloc.start(Integer.parseInt(arg.substring("start=".length())));
            } else if (arg.equals("wait")) {
                System.out.println("ready");
                new BufferedReader(new InputStreamReader(System.in)).readLine();
            } else if (arg.equals("traced")) {
                printTracing();
            }
        }
        System.out.println("internalUnsafe " + outcome(ModuleAccessProbe::callInternalUnsafe));
        System.out.println("stringValue " + outcome(() -> String.class.getDeclaredField("value").setAccessible(true)));
    }

    private interface Attempt {
        void run() throws Exception;
    }

    /** {@code allowed}, or the class of what the attempt threw (its message on stderr). */
    private static String outcome(Attempt attempt) {
        try {
            attempt.run();
            return "allowed";
        } catch (Throwable refused) {
            System.err.println(refused);
            return refused.getClass().getName();
        }
    }

    private static void callInternalUnsafe() throws Exception {
        Supplier<?> caller = (Supplier<?>) Class.forName(INTERNAL_UNSAFE_CALLER).getConstructor().newInstance();
        caller.get();
    }

    private static void printTracing() {
        System.out.println("tracing " + Tracemalloc.isTracing() + " " + Tracemalloc.getTracebackLimit());
        System.out.println("traced " + (Tracemalloc.getObjectTraceback(allocate()) != null));
        System.out.println("readsBacktraces " + AgentLink.readsBacktraces());
    }

    /** In a method of its own: a method running while its class is retransformed keeps its old code. */
    private static Object allocate() {
        return new byte[100];
    }
}
