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
 * Plugs {@link AllocationSiteRewriter} into Byte Buddy's class writing. A class-level wrapper
 * rather than {@code AsmVisitorWrapper.ForDeclaredMethods} because a site needs the class file's
 * {@code SourceFile} attribute, which is visited before the methods.
 */
final class AllocationSiteVisitorWrapper implements AsmVisitorWrapper {
    private final SiteTable sites;
    private final InstrumentationStats stats;

    AllocationSiteVisitorWrapper(SiteTable sites, InstrumentationStats stats) {
        this.sites = sites;
        this.stats = stats;
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
        return new ClassRewriter(classVisitor, instrumentedType.getName());
    }

    private final class ClassRewriter extends ClassVisitor {
        private final String className;
        private String sourceFile;

        ClassRewriter(ClassVisitor target, String className) {
            super(Opcodes.ASM9, target);
            this.className = className;
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
            return new AllocationSiteRewriter(target, sites, className, name, sourceFile, stats);
        }
    }
}
