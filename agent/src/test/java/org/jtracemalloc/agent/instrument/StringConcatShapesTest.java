package org.jtracemalloc.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The concatenation shapes StringConcatFactory (JDK 24+) serves from StringConcatHelper, and the others. */
class StringConcatShapesTest {
    private static final String STRING = "Ljava/lang/String;";

    @Test
    void shapesServedByStringConcatHelper() {
        assertFalse(hidden("()Ljava/lang/String;", "constant"));
        assertFalse(hidden("(I)Ljava/lang/String;", "\u0001"));
        assertFalse(hidden("(" + STRING + ")" + STRING, "prefix\u0001"));
        assertFalse(hidden("(" + STRING + ")" + STRING, "\u0001suffix"));
        assertFalse(hidden("(" + STRING + STRING + ")" + STRING, "\u0001\u0001"));
        // A constant from the bootstrap arguments that is empty leaves the shape simple.
        assertFalse(hidden("(" + STRING + STRING + ")" + STRING, "\u0002\u0001\u0001", ""));
    }

    @Test
    void shapesSpunIntoAHiddenClass() {
        assertTrue(hidden("(I)Ljava/lang/String;", "n=\u0001"));
        assertTrue(hidden("(" + STRING + ")" + STRING, "(\u0001)"));
        assertTrue(hidden("(II)Ljava/lang/String;", "\u0001\u0001"));
        assertTrue(hidden("(" + STRING + STRING + ")" + STRING, "\u0001, \u0001"));
        assertTrue(hidden("(" + STRING + STRING + ")" + STRING, "\u0002\u0001\u0001", "x"));
        assertTrue(hidden("(" + STRING + STRING + STRING + ")" + STRING, "\u0001\u0001\u0001"));
    }

    @Test
    void malformedRecipesAreLeftAlone() {
        assertFalse(hidden("(II)Ljava/lang/String;", "\u0001"));
        assertFalse(hidden("(I)Ljava/lang/String;", "\u0001\u0001"));
        assertFalse(hidden("(I)Ljava/lang/String;", "\u0002\u0001"));
        assertFalse(StringConcatShapes.allocatesInHiddenClass("(I)Ljava/lang/String;", new Object[0]));
    }

    private static boolean hidden(String descriptor, String recipe, Object... constants) {
        Object[] arguments = new Object[constants.length + 1];
        arguments[0] = recipe;
        System.arraycopy(constants, 0, arguments, 1, constants.length);
        return StringConcatShapes.allocatesInHiddenClass(descriptor, arguments);
    }
}
