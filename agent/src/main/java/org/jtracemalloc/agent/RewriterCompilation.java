package org.jtracemalloc.agent;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * Keeps HotSpot's C2 compiler off the agent's class rewriting code (the rewriters and the
 * relocated ASM), which then runs as C1 code. The rewriting runs thousands of times at start-up
 * and as classes load, so C2 picks it up, and on a small machine the one C2 thread spends up to a
 * second on it (ASM's {@code ClassReader.readCode} alone is a 5 KB method that C2 compiles for
 * about 0.4 s, more than once when a retransformation invalidates the compilation in progress)
 * while the application's own hot methods wait in the queue, running as profiled C1 code. The
 * store and the hook, which the application's code calls, are not affected.
 *
 * <p>How: the {@code Compiler.directives_add} diagnostic command (what {@code jcmd} sends), run
 * in-process through the JDK's diagnostic command implementation ({@link DiagnosticCommands}, in
 * the agent's own module, to which alone the agent opens that implementation's package,
 * {@code jdk.management/com.sun.management.internal}), with a directive file written to the
 * temporary directory and deleted at once.
 * Anything missing (another VM, a runtime without {@code jdk.management}), or a VM without C1
 * ({@code -XX:-TieredCompilation}), leaves the compilation as it is. Measured effect:
 * docs/performance-log.md, "C2 and the rewriting code".
 */
final class RewriterCompilation {
    private static final String IMPLEMENTATION_PACKAGE = "com.sun.management.internal";
    private static final String DIRECTIVE = "[{ match: [\"org/jtracemalloc/agent/instrument/*.*\", "
            + "\"org/jtracemalloc/shaded/*.*\"], c2: { Exclude: true } }]\n";

    private RewriterCompilation() {}

    /** Adds the directive; returns what the VM answered, or why it was not added. */
    static String keepC2OffRewriter(Instrumentation instrumentation) {
        Optional<Module> management = ModuleLayer.boot().findModule("jdk.management");
        if (management.isEmpty()) {
            return "not added: the runtime has no jdk.management module";
        }
        File file = null;
        try {
            DiagnosticCommands commands = PrivilegedModule.of(instrumentation)
                    .openFrom(management.get(), IMPLEMENTATION_PACKAGE)
                    .newInstance(DiagnosticCommands.class);
            String flags = commands.execute("VM.flags");
            if (flags == null) {
                return "not added: this VM runs no diagnostic commands";
            }
            // Without tiered compilation there is no C1: excluded from C2, the rewriting code
            // would be interpreted for good, several times slower.
            if (flags.contains("-XX:-TieredCompilation")) {
                return "not added: tiered compilation is off";
            }
            file = writeDirectiveFile();
            return commands.execute("Compiler.directives_add " + file.getPath()).trim();
        } catch (InvocationTargetException e) {
            return "not added: " + e.getCause();
        } catch (ReflectiveOperationException | RuntimeException | IOException | LinkageError e) {
            return "not added: " + e;
        } finally {
            if (file != null && !file.delete()) {
                file.deleteOnExit(); // a file of a few bytes; nothing depends on it
            }
        }
    }

    /**
     * Writes the directive to a new file in the temporary directory. Created exclusively, so a
     * file or link of that name planted by someone else is never written through (the name is
     * then changed), and with {@code java.io}, whose classes the JVM has loaded already: each
     * class first loaded before the start-up rewriting is one more to rewrite (NIO's files and
     * channels, {@code ProcessHandle}'s executor for a pid, {@code SecureRandom} for
     * {@code createTempFile}'s name: about 60 classes).
     */
    private static File writeDirectiveFile() throws IOException {
        File directory = new File(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; ; attempt++) {
            File file = new File(directory, "jtracemalloc-compiler-directive-" + System.nanoTime() + ".json");
            if (file.createNewFile()) {
                try (FileOutputStream out = new FileOutputStream(file)) {
                    out.write(DIRECTIVE.getBytes(Charset.forName("US-ASCII")));
                }
                return file;
            }
            if (attempt == 2) {
                throw new IOException("cannot create a new file in " + directory);
            }
        }
    }
}
