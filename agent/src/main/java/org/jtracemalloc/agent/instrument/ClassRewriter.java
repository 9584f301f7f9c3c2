package org.jtracemalloc.agent.instrument;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.jtracemalloc.store.AllocationSites;

/**
 * Rewrites one class file in a single ASM pass: {@link AllocationSiteRewriter} and
 * {@link CallSiteAllocationRewriter} on the methods that may allocate ({@link AllocatingMethods})
 * of the classes {@code heapClasses} accepts (none when heap tracing is off), and the rewriters of
 * the {@link HookedJdkClass hooked JDK classes} on theirs.
 *
 * <p>The writer is built on the reader: it starts from the original constant pool, and a method
 * left without a rewriter (one without code or without an allocating instruction; Unsafe's other
 * methods when only native memory is traced) is copied as bytes, not decoded. A class without an
 * allocating method (and not a hooked JDK class) is handed back untouched, before any writer is
 * built. The writer computes neither frames nor maximums (flags 0): the inserted code has no
 * branch and no local, so the original stack map frames stay valid, each rewriter raises
 * {@code max_stack} by what it pushes, and nothing has to load classes to find common
 * superclasses while the JVM is loading one.
 */
final class ClassRewriter {
    private final SiteTable sites;
    private final InstrumentationStats stats;
    private final RewriteScope scope;

    ClassRewriter(SiteTable sites, InstrumentationStats stats, RewriteScope scope) {
        this.sites = sites;
        this.stats = stats;
        this.scope = scope;
    }

    /** Whether a class is to be transformed at all. */
    boolean rewrites(String className) {
        return isHeapTraced(className) || HookedJdkClass.of(className, scope) != null;
    }

    /**
     * The rewritten class file of {@code className} (binary name), or null when it has nothing to
     * rewrite: the JVM then keeps the original bytes, which is cheaper than taking back a copy.
     *
     * @param loader the class's defining loader (null: the boot loader), where the superclasses
     *               of a {@code super.clone()} call are looked up
     */
    byte[] rewrite(String className, ClassLoader loader, byte[] classFile) {
        return rewrite(className, loader, new ClassReader(classFile), sites, null);
    }

    /**
     * The class file the JVM rebuilt for a retransformation, rewritten; with the parameter names
     * it left out put back ({@link ParameterNames}; null: none), which alone makes the class worth
     * rewriting.
     */
    byte[] rewriteRetransformed(String className, ClassLoader loader, byte[] classFile, ParameterNames lostNames) {
        ClassReader reader = new ClassReader(classFile);
        // A method running while its class is retransformed goes on in its old version, whose
        // frames the JVM reports without a file name; the store names them from this record.
        AllocationSites.registerSourceFile(className, SourceFileAttribute.of(reader));
        return rewrite(className, loader, reader, sites, lostNames);
    }

    /** A hidden class's file, its sites registered in {@code classSites}. */
    byte[] rewriteHidden(String className, byte[] classFile, SiteTable classSites) {
        return rewrite(className, null, new ClassReader(classFile), classSites, null);
    }

    private byte[] rewrite(String className, ClassLoader loader, ClassReader reader, SiteTable classSites,
                           ParameterNames lostNames) {
        HookedJdkClass hooked = HookedJdkClass.of(className, scope);
        BitSet allocatingMethods = isHeapTraced(className) ? AllocatingMethods.in(reader) : new BitSet();
        if (allocatingMethods.isEmpty() && hooked == null && lostNames == null) {
            return null;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        MethodRewriting rewriting = new MethodRewriting(writer, className, loader, allocatingMethods, hooked, classSites, lostNames);
        reader.accept(rewriting, 0);
        return rewriting.changed ? writer.toByteArray() : null;
    }

    private boolean isHeapTraced(String className) {
        return scope.heap() && scope.heapClasses().accepts(className);
    }

    /**
     * Puts the rewriters on the methods of one class. It is the site table the rewriters register
     * through, so that it learns whether anything was inserted.
     */
    private final class MethodRewriting extends ClassVisitor implements SiteTable {
        private final String className;
        /** The class's name with slashes, as {@link CallSiteAllocationRewriter#isIntrinsicBody} takes it. */
        private final String internalName;
        private final ClassLoader loader;
        /** The methods, by class-file index, the allocation rewriters go through ({@link AllocatingMethods}). */
        private final BitSet allocatingMethods;
        /** The class's own rewriting, or null. */
        private final HookedJdkClass hooked;
        /** Its declared fields, name and descriptor, for {@link HookedJdkClass#wrap}: visited before the methods. */
        private final Set<String> fields = new HashSet<>();
        private final SiteTable classSites;
        private final ParameterNames lostNames;
        private int methodIndex;
        private String sourceFile;
        boolean changed;

        MethodRewriting(ClassVisitor target, String className, ClassLoader loader, BitSet allocatingMethods,
                        HookedJdkClass hooked, SiteTable classSites, ParameterNames lostNames) {
            super(Opcodes.ASM9, target);
            this.className = className;
            this.internalName = className.replace('.', '/');
            this.loader = loader;
            this.allocatingMethods = allocatingMethods;
            this.hooked = hooked;
            this.classSites = classSites;
            this.lostNames = lostNames;
        }

        @Override
        public void visitSource(String source, String debug) {
            // visited before the methods; every site of the class names it
            sourceFile = source;
            super.visitSource(source, debug);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            if (hooked != null) {
                fields.add(name + " " + descriptor);
            }
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            boolean allocating = allocatingMethods.get(methodIndex++);
            MethodVisitor target = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (target != null && lostNames != null) {
                MethodVisitor restoring = lostNames.restoreInto(target, name, descriptor);
                changed |= restoring != target;
                target = restoring;
            }
            if (target == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                return target;
            }
            MethodVisitor rewriter = target;
            if (hooked != null) {
                rewriter = hooked.wrap(rewriter, name, descriptor, fields);
                changed |= rewriter != target;
            }
            if (allocating && !CallSiteAllocationRewriter.isIntrinsicBody(internalName, name, descriptor)) {
                rewriter = new AllocationSiteRewriter(rewriter, this, className, name, sourceFile, stats);
                rewriter = new CallSiteAllocationRewriter(rewriter, this, className, name, sourceFile, loader);
            }
            return rewriter;
        }

        @Override
        public int register(String siteClass, String methodName, String siteSourceFile, int line) {
            changed = true;
            return classSites.register(siteClass, methodName, siteSourceFile, line);
        }
    }
}
