package org.jtracemalloc.agent.instrument;

/**
 * What the rewriting covers: heap allocation sites ({@code heap}) in the classes {@code heapClasses}
 * accepts, and Unsafe's native memory primitives ({@code nativeMemory}); the agent's
 * {@code domains}, {@code include} and {@code exclude} keys.
 */
public record RewriteScope(boolean heap, ClassNameFilter heapClasses, boolean nativeMemory) {
    /** Every allocation site of every class, no native memory: what the tests rewrite. */
    static RewriteScope allHeap() {
        return new RewriteScope(true, ClassNameFilter.all(), false);
    }
}
