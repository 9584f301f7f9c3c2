package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jtracemalloc.it.app.ManyClassesLoaded;
import org.junit.jupiter.api.Test;

/**
 * The agent keeps C2 off its own rewriting code (docs/performance-log.md, "C2 and the rewriting
 * code"): with thousands of classes rewritten, HotSpot compiles the rewriters and the relocated
 * ASM, but only with C1, and the directive that says so is in the JVM's directive stack while the
 * file it came from is gone.
 */
class RewriterCompilationTest {
    /** A {@code -XX:+PrintCompilation} line: time, compile id, flags, tier, method. */
    private static final Pattern COMPILATION = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*\\s([0-4])\\s+(\\S+)");
    private static final List<String> REWRITING_CODE = List.of("org.jtracemalloc.shaded.", "org.jtracemalloc.agent.instrument.");

    @Test
    void theRewritingCodeIsCompiledByC1Only() throws Exception {
        // The JVM's compilation log goes to stderr, so that it never splits the program's lines.
        ForkedJvm.Result result = ForkedJvm.withAgent(null).option("-XX:+PrintCompilation").option("-XX:+DisplayVMOutputToStderr")
                .run(ManyClassesLoaded.class);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.number("loaded") > 1000, result::toString);
        int byC1 = 0;
        for (String line : result.stderr().split("\n")) {
            Matcher compilation = COMPILATION.matcher(line);
            if (compilation.find() && REWRITING_CODE.stream().anyMatch(compilation.group(2)::startsWith)) {
                assertFalse(compilation.group(1).equals("4"), () -> "compiled by C2: " + line);
                byC1++;
            }
        }
        // Not vacuous: the rewriting code did get hot enough to be compiled.
        assertTrue(byC1 > 50, "compilations of the rewriting code: " + byC1);

        String directives = String.join("\n", result.stdout().stream()
                .filter(line -> line.startsWith("directives ")).map(line -> line.substring("directives ".length())).toList());
        int ours = directives.indexOf("org/jtracemalloc/shaded/*.*");
        assertTrue(ours >= 0, directives);
        String c2 = directives.substring(directives.indexOf("c2 directives:", ours));
        assertTrue(c2.substring(0, c2.indexOf('\n', c2.indexOf("Exclude:"))).contains("Exclude:true"), directives);
        assertEquals(0, result.number("directiveFilesLeft"), result::toString);
    }

    /** Without C1, code kept off C2 would only ever be interpreted: no directive then. */
    @Test
    void noDirectiveWithoutTieredCompilation() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("log=debug").option("-XX:-TieredCompilation").run(ManyClassesLoaded.class);

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.number("loaded") > 1000, result::toString);
        assertTrue(result.stdout().stream().noneMatch(line -> line.contains("org/jtracemalloc/")), result::toString);
        assertTrue(result.stderr().contains("compiler directive for the rewriting code: not added: tiered compilation is off"),
                result::toString);
    }
}
