package org.jtracemalloc.agent.instrument;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * Plugs the method rewriters into Byte Buddy's class writing: {@link AllocationSiteRewriter} and
 * {@link CallSiteAllocationRewriter} for heap allocations in the classes {@code heapClasses}
 * accepts (none when heap tracing is off), and
 * {@link NativeMemoryRewriter} for Unsafe's memory primitives when native tracing is on. A
 * class-level wrapper rather than {@code AsmVisitorWrapper.ForDeclaredMethods} because a site needs
 * the class file's {@code SourceFile} attribute, which is visited before the methods.
 */
final class AllocationSiteVisitorWrapper implements AsmVisitorWrapper {
    private final SiteTable sites;
    private final InstrumentationStats stats;
    private final boolean heap;
    private final ClassNameFilter heapClasses;
    private final boolean nativeMemory;

    AllocationSiteVisitorWrapper(SiteTable sites, InstrumentationStats stats, boolean heap, ClassNameFilter heapClasses,
                                 boolean nativeMemory) {
        this.sites = sites;
        this.stats = stats;
        this.heap = heap;
        this.heapClasses = heapClasses;
        this.nativeMemory = nativeMemory;
    }

    /** Whether a class is to be transformed at all. */
    boolean rewrites(String className) {
        return isHeapTraced(className) || isNativeMemoryPrimitive(className);
    }

    private boolean isHeapTraced(String className) {
        return heap && heapClasses.accepts(className);
    }

    private boolean isNativeMemoryPrimitive(String className) {
        return nativeMemory && className.equals(NativeMemoryRewriter.UNSAFE);
    }

    @Override
    public int mergeWriter(int flags) {
        return flags;
    }

    @Override
    public int mergeReader(int flags) {
        return flags;
    }

    @Override
    public ClassVisitor wrap(TypeDescription instrumentedType, ClassVisitor classVisitor, Implementation.Context context,
                             TypePool typePool, FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
                             int writerFlags, int readerFlags) {
        return new ClassRewriter(classVisitor, instrumentedType.getName(), typePool);
    }

    private final class ClassRewriter extends ClassVisitor {
        private final String className;
        private final TypePool types;
        private String sourceFile;

        ClassRewriter(ClassVisitor target, String className, TypePool types) {
            super(Opcodes.ASM9, target);
            this.className = className;
            this.types = types;
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
            super.visitSource(source, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor target = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (target == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return target;
            }
            MethodVisitor rewriter = target;
            if (isNativeMemoryPrimitive(className)) {
                rewriter = NativeMemoryRewriter.wrapIfPrimitive(rewriter, name, descriptor);
            }
            if (isHeapTraced(className)
                    && !CallSiteAllocationRewriter.isIntrinsicBody(className.replace('.', '/'), name, descriptor)) {
                rewriter = new AllocationSiteRewriter(rewriter, sites, className, name, sourceFile, stats);
                rewriter = new CallSiteAllocationRewriter(rewriter, sites, className, name, sourceFile, types);
            }
            return rewriter;
        }
    }
}
