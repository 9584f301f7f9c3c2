package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jtracemalloc.it.app.ParameterNamesAcrossStart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A class the agent retransforms keeps its parameter names: before JDK 19 the JVM leaves them out
 * of the class file it rebuilds for a retransformation (JDK-8240908), and the agent puts them back
 * (frameworks that bind by name, Spring 6's {@code @RequestParam}, would fail every request after
 * an attach otherwise). The first start after {@code start=false} retransforms as an attach does.
 */
class ParameterNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"applicationClassLoader", "urlClassLoader"})
    void aRetransformedClassKeepsItsParameterNamesAndIsTraced(String definingLoader) throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("start=false").run(ParameterNamesAcrossStart.class, definingLoader);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("count,label,"), result.values("namesBeforeStart"), result::toString);
        assertEquals(List.of("count,label,"), result.values("namesAfterStart"), result::toString);
        // Rewritten, not skipped: the record's arrays are traced at its line.
        assertEquals(ParameterNamesAcrossStart.ARRAYS, result.number("tracedArrays"), result::toString);
    }
}
