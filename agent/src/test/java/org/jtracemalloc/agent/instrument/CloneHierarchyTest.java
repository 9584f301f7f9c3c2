package org.jtracemalloc.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Where {@code super.clone()} lands, read from the class files of this test's own classes. */
class CloneHierarchyTest {
    private static final ClassLoader LOADER = CloneHierarchyTest.class.getClassLoader();

    static class Plain implements Cloneable {}

    static class Copying implements Cloneable {
        @Override
        protected Copying clone() throws CloneNotSupportedException {
            return (Copying) super.clone();
        }
    }

    static class BelowCopying extends Copying {}

    abstract static class DeclaresAbstractClone implements Cloneable {
        @Override
        protected abstract Object clone() throws CloneNotSupportedException;
    }

    private static String internalName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    @Test
    void ownerWithoutCloneUpToObjectReachesObjectClone() {
        assertTrue(CloneHierarchy.superCloneReachesObjectClone("java/lang/Object", LOADER));
        assertTrue(CloneHierarchy.superCloneReachesObjectClone(internalName(Plain.class), LOADER));
    }

    @Test
    void anOverrideOnTheOwnerOrAboveIsReachedInstead() {
        assertFalse(CloneHierarchy.superCloneReachesObjectClone(internalName(Copying.class), LOADER));
        assertFalse(CloneHierarchy.superCloneReachesObjectClone(internalName(BelowCopying.class), LOADER));
        // a JDK class, read through the boot loader's stand-in
        assertFalse(CloneHierarchy.superCloneReachesObjectClone("java/util/ArrayList", null));
    }

    @Test
    void anAbstractCloneIsNotAnOverrideThatRuns() {
        assertTrue(CloneHierarchy.superCloneReachesObjectClone(internalName(DeclaresAbstractClone.class), LOADER));
    }

    @Test
    void anUnreadableOwnerCountsAsReachingObjectClone() {
        assertTrue(CloneHierarchy.superCloneReachesObjectClone("no/such/Type", LOADER));
    }
}
