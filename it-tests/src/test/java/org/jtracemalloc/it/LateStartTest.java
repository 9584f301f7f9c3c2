package org.jtracemalloc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jtracemalloc.it.app.LateStart;
import org.junit.jupiter.api.Test;

/** With {@code start=false} the agent rewrites no class until tracing first starts, and everything after it. */
class LateStartTest {
    /** {@code byte[1000]} under the default flags of JDK 17 and 25 (see HeapTracingTest). */
    private static final long BYTE_ARRAY_1000_SIZE = 1016;

    @Test
    void classesAreRewrittenAtTheFirstStartAndTheirAllocationsTracedFromThen() throws Exception {
        ForkedJvm.Result result = ForkedJvm.withAgent("start=false").run(LateStart.class);
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(0, result.number("instrumentedBeforeStart"), result::toString);
        assertTrue(result.number("instrumentedAfterStart") > 0, result::toString);
        assertEquals(List.of("false"), result.values("hookBeforeStart"), result::toString);
        assertEquals(List.of("true"), result.values("hookAfterStart"), result::toString);
        assertEquals(List.of("false"), result.values("beforeStartTraced"), result::toString);
        assertEquals(BYTE_ARRAY_1000_SIZE, result.number("arraySize"), result::toString);
        assertEquals(List.of(Long.toString(LateStart.ARRAYS * BYTE_ARRAY_1000_SIZE), Long.toString(LateStart.ARRAYS)),
                result.values("statistic"), result::toString);
    }
}
