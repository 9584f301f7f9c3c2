package org.jtracemalloc.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The JDK classes rewritten for what they do: RMI's connection handler, on the running JDK's own
 * class file, whatever the class filter says, and only where its layout is the one known; and the
 * SourceFile attribute that retransformed classes are named by, read from the bytes.
 */
class HookedJdkClassTest {
    private static final String HANDLER = RmiConnectionHandlerRewriter.HANDLER;
    /** A filter that traces no class's allocations. */
    private static final RewriteScope NO_CLASS_TRACED = new RewriteScope(true, ClassNameFilter.of(List.of("none.*"), List.of()), false);

    @Test
    void rmiConnectionHandlerNamesItsSocketToTheHookOnEntryToRun() throws IOException {
        byte[] original = Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("/modules/java.rmi/" + HANDLER.replace('.', '/') + ".class"));
        ClassRewriter rewriter = new ClassRewriter((type, method, source, line) -> 0, new InstrumentationStats(), NO_CLASS_TRACED);
        assertTrue(rewriter.rewrites(HANDLER));

        assertEquals(List.of("ALOAD 0", "GETFIELD " + HANDLER.replace('.', '/') + ".socket Ljava/net/Socket;",
                        "INVOKESTATIC org/jtracemalloc/bootstrap/AllocationHook.servingConnection(Ljava/lang/Object;)V"),
                firstInstructions(rewriter.rewrite(HANDLER, null, original), "run", "()V", 3));
    }

    @Test
    void aHandlerWithoutTheKnownSocketFieldIsLeftAlone() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_FINAL, HANDLER.replace('.', '/'), null, "java/lang/Object", new String[] {"java/lang/Runnable"});
        writer.visitField(Opcodes.ACC_PRIVATE, "channel", "Ljava/lang/Object;", null, null).visitEnd();
        MethodVisitor run = writer.visitMethod(Opcodes.ACC_PUBLIC, "run", "()V", null, null);
        run.visitCode();
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 1);
        run.visitEnd();
        writer.visitEnd();
        ClassRewriter rewriter = new ClassRewriter((type, method, source, line) -> 0, new InstrumentationStats(), NO_CLASS_TRACED);
        assertNull(rewriter.rewrite(HANDLER, null, writer.toByteArray()));
    }

    @Test
    void sourceFileAttributeReadsWhatAsmReadsOnEveryJavaBaseClass() throws IOException {
        List<Path> classFiles = AllocatingMethodsTest.javaBaseClassFiles();
        for (Path classFile : classFiles) {
            ClassReader reader = new ClassReader(Files.readAllBytes(classFile));
            String[] visited = new String[1];
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visitSource(String source, String debug) {
                    visited[0] = source;
                }
            }, ClassReader.SKIP_CODE);
            assertEquals(visited[0], SourceFileAttribute.of(reader), reader.getClassName());
        }
        assertTrue(classFiles.size() > 1000);
        assertNull(SourceFileAttribute.of(new ClassReader(classWithoutSourceFile())));
    }

    private static byte[] classWithoutSourceFile() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "example/NoSource", null, "java/lang/Object", null);
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** The first {@code count} instructions of a method that load, read a field or call, as text. */
    private static List<String> firstInstructions(byte[] classFile, String name, String descriptor, int count) {
        List<String> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String desc, String signature, String[] exceptions) {
                if (!method.equals(name) || !desc.equals(descriptor)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitVarInsn(int opcode, int slot) {
                        add((opcode == Opcodes.ALOAD ? "ALOAD " : opcode + " ") + slot);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                        add((opcode == Opcodes.GETFIELD ? "GETFIELD " : opcode + " ") + owner + "." + field + " " + fieldDescriptor);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String calledDescriptor, boolean itf) {
                        add((opcode == Opcodes.INVOKESTATIC ? "INVOKESTATIC " : opcode + " ") + owner + "." + called + calledDescriptor);
                    }

                    private void add(String instruction) {
                        if (found.size() < count) {
                            found.add(instruction);
                        }
                    }
                };
            }
        }, 0);
        return found;
    }
}
