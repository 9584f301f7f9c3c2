package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;

import org.jtracemalloc.it.app.ModuleAccessProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent opens the JDK to its own module only (docs/architecture.md, "What the agent opens, and
 * to whom"): whichever way it is loaded, and with one frame or many, the application's class path
 * stays exactly as strict as without it. A class calling {@code jdk.internal.misc.Unsafe} gets
 * {@code IllegalAccessError} and {@code setAccessible(true)} on {@code String.value} throws
 * {@code InaccessibleObjectException}, while the agent traces, deep tracebacks included.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ModuleAccessTest {
    private static final String DENIED_CALL = "java.lang.IllegalAccessError";
    private static final String DENIED_REFLECTION = "java.lang.reflect.InaccessibleObjectException";

    /** Holds {@link ModuleAccessProbe#INTERNAL_UNSAFE_CALLER}, compiled here. */
    @TempDir
    static Path callers;

    /** Compiled against the unexported package as a user could, so the call is a plain {@code invokestatic}. */
    @BeforeAll
    static void compileTheInternalUnsafeCaller() throws IOException {
        String name = ModuleAccessProbe.INTERNAL_UNSAFE_CALLER;
        Path source = Files.writeString(callers.resolve(name + ".java"),
                "public final class " + name + " implements java.util.function.Supplier<Object> {\n"
                        + "    public Object get() { return jdk.internal.misc.Unsafe.getUnsafe(); }\n"
                        + "}\n");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-d", callers.toString(), source.toString());
        assertEquals(0, status, "javac failed");
    }

    @Test
    void withoutTheAgentBothAreDenied() throws Exception {
        assertDenied(ForkedJvm.withoutAgent().classPath(callers).run(ModuleAccessProbe.class));
    }

    @ParameterizedTest(name = "nframe={0}")
    @ValueSource(ints = {1, 8})
    void withJavaagentTracingFromTheStart(int nframe) throws Exception {
        assertStrictWhileTracing(ForkedJvm.withAgent("nframe=" + nframe), nframe, "traced");
    }

    @ParameterizedTest(name = "nframe={0}")
    @ValueSource(ints = {1, 8})
    void withJavaagentLoadedStoppedThenStarted(int nframe) throws Exception {
        assertStrictWhileTracing(ForkedJvm.withAgent("start=false"), nframe, "start=" + nframe, "traced");
    }

    @ParameterizedTest(name = "nframe={0}")
    @ValueSource(ints = {1, 8})
    void afterStartPidOnAttach(int nframe) throws Exception {
        Process target = ForkedJvm.withoutAgent().classPath(callers).start(ModuleAccessProbe.class, "wait", "traced");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
                assertTrue(line != null, () -> "the target ended before it was ready: " + lines);
                lines.add(line);
            }
            ForkedJvm.Result start = ForkedJvm.tool("start", Long.toString(target.pid()), "nframe=" + nframe);
            assertEquals(0, start.exitCode(), start::toString);
            try (OutputStream in = target.getOutputStream()) {
                in.write('\n');
            }
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            assertTrue(target.waitFor(1, TimeUnit.MINUTES));
            ForkedJvm.Result result = new ForkedJvm.Result(List.of("attach target"), target.exitValue(), lines, "(merged into stdout)");
            assertTracing(result, nframe);
            assertDenied(result);
        } finally {
            target.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "nframe={0}")
    @ValueSource(ints = {1, 8})
    void afterSelfAttachThroughAHelperJvm(int nframe) throws Exception {
        assertStrictWhileTracing(ForkedJvm.withoutAgent().classPath(ForkedJvm.AGENT_JAR), nframe, "start=" + nframe, "traced");
    }

    @ParameterizedTest(name = "nframe={0}")
    @ValueSource(ints = {1, 8})
    void afterSelfAttachInProcess(int nframe) throws Exception {
        assertStrictWhileTracing(ForkedJvm.withoutAgent().classPath(ForkedJvm.AGENT_JAR).option("-Djdk.attach.allowAttachSelf=true"),
                nframe, "start=" + nframe, "traced");
    }

    private static void assertStrictWhileTracing(ForkedJvm jvm, int nframe, String... probeArgs) throws Exception {
        ForkedJvm.Result result = jvm.classPath(callers).run(ModuleAccessProbe.class, probeArgs);
        assertTracing(result, nframe);
        assertDenied(result);
    }

    private static void assertDenied(ForkedJvm.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of(DENIED_CALL), result.values("internalUnsafe"), result::toString);
        assertEquals(List.of(DENIED_REFLECTION), result.values("stringValue"), result::toString);
    }

    /** The agent got what it needs all the same: the hook traces, and deep tracebacks read the VM's backtraces. */
    private static void assertTracing(ForkedJvm.Result result, int nframe) {
        assertEquals(List.of("true", Integer.toString(nframe)), result.values("tracing"), result::toString);
        assertEquals(List.of("true"), result.values("traced"), result::toString);
        assertEquals(List.of(Boolean.toString(nframe > 1)), result.values("readsBacktraces"), result::toString);
    }
}
