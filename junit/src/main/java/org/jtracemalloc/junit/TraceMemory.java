package org.jtracemalloc.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traces the memory of each test (of the annotated class, or the annotated method) and reports
 * what it retained, by line: {@link TracemallocExtension} with a traceback limit. On a method it
 * overrides the class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TracemallocExtension.class)
public @interface TraceMemory {

    /**
     * Frames stored per traceback while the test runs ({@code Tracemalloc.start(nframe)}). Deeper
     * tracebacks let {@link MaxRetained#include} find your code behind a JDK collection that
     * allocated on its behalf; each frame costs time on every allocation.
     */
    int nframe() default TracemallocExtension.DEFAULT_NFRAME;
}
