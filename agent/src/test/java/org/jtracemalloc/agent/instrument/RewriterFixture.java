package org.jtracemalloc.agent.instrument;

import java.util.ArrayList;
import java.util.List;

/**
 * Code whose allocation sites the rewriter test instruments. Line numbers matter: the test finds
 * each site by the marker comment at the end of its line.
 */
public class RewriterFixture {
    private final List<Object> made = new ArrayList<>(); // site: field
    private final String name;

    public RewriterFixture() {
        this("default"); // this(...): not an allocation
    }

    public RewriterFixture(String name) {
        super(); // super(): not an allocation
        this.name = name;
    }

    public static class Box {
        final Object content;

        public Box(Object content) {
            this.content = content;
        }
    }

    public Object plainObject() {
        return new Object(); // site: plainObject
    }

    public Object nested() {
        return new Box(new StringBuilder("x")); // site: nested
    }

    public void discarded() {
        new Box(null); // site: discarded
    }

    public int[] primitiveArray(int length) {
        return new int[length]; // site: primitiveArray
    }

    public String[] objectArray() {
        return new String[3]; // site: objectArray
    }

    public long[][][] multiArray() {
        return new long[2][3][]; // site: multiArray
    }

    public Object[][] fullMultiArray() {
        return new Object[2][2]; // site: fullMultiArray
    }

    public Object throwing() {
        try {
            throw new IllegalStateException(name); // site: throwing
        } catch (IllegalStateException e) {
            return e;
        }
    }

    public List<Object> made() {
        return made;
    }
}
