package org.jtracemalloc.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that retains more than {@link #bytes()}: the traced memory still live after the
 * test (once the garbage collector has settled), minus what was live before it. Only the traces
 * the filters keep count, and the report shows only them. On a method it overrides the class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(TracemallocExtension.class)
public @interface MaxRetained {

    /** The most a test may retain, in bytes. */
    long bytes();

    /**
     * File-name globs ({@code org/example/*}, as {@code Frame.filename()} spells files): when
     * given, a trace counts only if any frame of its traceback (up to {@link TraceMemory#nframe()})
     * is in a matching file ({@code Filter(true, glob, all_frames=True)}).
     */
    String[] include() default {};

    /**
     * File-name globs: a trace does not count when the file that allocated it (its most recent
     * frame) matches ({@code Filter(false, glob)}). Only the allocating frame, because test
     * frameworks' frames are on every traceback that is deep enough.
     */
    String[] exclude() default {};
}
