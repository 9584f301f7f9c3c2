package org.jtracemalloc.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * {@link AllocatingMethods} against ASM's own decoding of every class of the running JDK's
 * {@code java.base} (thousands of classes: every opcode, switch padding, wide forms, long and
 * double constants): it must mark exactly the methods with an allocating instruction, and so every
 * method in which the rewriters register a site.
 */
class AllocatingMethodsTest {
    private static final List<String> HOOKED_NAMES = List.of(
            "clone", "newInstance", "copyOf", "copyOfRange", "allocateUninitializedArray", "allocateInstance",
            "fillInStackTrace");

    @Test
    void marksExactlyTheMethodsWithAnAllocatingInstructionAndEveryMethodWithASite() throws IOException {
        List<Path> classFiles = javaBaseClassFiles();
        int methods = 0;
        int marked = 0;
        for (Path classFile : classFiles) {
            ClassReader reader = new ClassReader(Files.readAllBytes(classFile));
            BitSet scanned = AllocatingMethods.in(reader);
            MethodsDecodedByAsm decoded = new MethodsDecodedByAsm(reader.getClassName().replace('/', '.'));
            reader.accept(decoded, 0);
            assertEquals(decoded.withAllocatingInstruction, scanned, reader.getClassName());
            BitSet missed = (BitSet) decoded.withSite.clone();
            missed.andNot(scanned);
            assertTrue(missed.isEmpty(), () -> reader.getClassName() + ": methods " + missed + " have sites but were not marked");
            methods += decoded.methodCount;
            marked += scanned.cardinality();
        }
        assertTrue(classFiles.size() > 1000, "java.base classes found: " + classFiles.size());
        // The point of the scan: a good share of methods is copied, not rewritten.
        assertTrue(marked < methods * 3 / 4, marked + " of " + methods + " methods marked");
    }

    static List<Path> javaBaseClassFiles() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(jrt.getPath("/modules/java.base"))) {
            walk.filter(path -> path.toString().endsWith(".class") && !path.endsWith("module-info.class")).forEach(files::add);
        }
        return files;
    }

    /**
     * Numbers the methods as they are visited and records, through ASM's decoding, which have an
     * allocating instruction and in which the real rewriters register a site.
     */
    private static final class MethodsDecodedByAsm extends ClassVisitor {
        final BitSet withAllocatingInstruction = new BitSet();
        final BitSet withSite = new BitSet();
        private final String className;
        int methodCount;

        MethodsDecodedByAsm(String className) {
            super(Opcodes.ASM9);
            this.className = className;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            int index = methodCount++;
            SiteTable sites = (siteClass, method, sourceFile, line) -> {
                withSite.set(index);
                return 0;
            };
            MethodVisitor rewriters = new CallSiteAllocationRewriter(
                    new AllocationSiteRewriter(null, sites, className, name, null, new InstrumentationStats()),
                    sites, className, name, null, null);
            return new MethodVisitor(Opcodes.ASM9, rewriters) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    if (opcode == Opcodes.NEW || opcode == Opcodes.ANEWARRAY) {
                        withAllocatingInstruction.set(index);
                    }
                    super.visitTypeInsn(opcode, type);
                }

                @Override
                public void visitIntInsn(int opcode, int operand) {
                    if (opcode == Opcodes.NEWARRAY) {
                        withAllocatingInstruction.set(index);
                    }
                    super.visitIntInsn(opcode, operand);
                }

                @Override
                public void visitMultiANewArrayInsn(String multiDescriptor, int dimensions) {
                    withAllocatingInstruction.set(index);
                    super.visitMultiANewArrayInsn(multiDescriptor, dimensions);
                }

                @Override
                public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                    withAllocatingInstruction.set(index);
                    super.visitInvokeDynamicInsn(indyName, indyDescriptor, bootstrap, arguments);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean isInterface) {
                    if (HOOKED_NAMES.contains(called)) {
                        withAllocatingInstruction.set(index);
                    }
                    super.visitMethodInsn(opcode, owner, called, calledDescriptor, isInterface);
                }
            };
        }
    }
}
