package org.jtracemalloc.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/** The hook's class file as the agent defines it in the boot loader. */
class BootstrapHookTest {
    @Test
    void onlyDeliverIsMarkedDontInlineAndEveryMethodIsKept() throws IOException {
        byte[] original = hookClassFile();

        Map<String, List<String>> before = annotationsByMethod(original);
        Map<String, List<String>> after = annotationsByMethod(BootstrapHook.withDeliveryOutOfLine(original));

        Map<String, List<String>> expected = new TreeMap<>(before);
        before.forEach((method, annotations) -> {
            if (method.startsWith("deliver(")) {
                List<String> marked = new ArrayList<>(annotations);
                marked.add("Ljdk/internal/vm/annotation/DontInline;");
                expected.put(method, marked);
            }
        });
        assertEquals(expected, after);
        assertEquals(1, after.keySet().stream().filter(method -> method.startsWith("deliver(")).count(), after::toString);
    }

    private static byte[] hookClassFile() throws IOException {
        try (InputStream in = BootstrapHookTest.class.getClassLoader()
                .getResourceAsStream(BootstrapHook.CLASS_NAME.replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Method name and descriptor to the descriptors of its runtime-visible annotations. */
    private static Map<String, List<String>> annotationsByMethod(byte[] classFile) {
        Map<String, List<String>> methods = new TreeMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<String> annotations = new ArrayList<>();
                methods.put(name + descriptor, annotations);
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                        if (visible) {
                            annotations.add(annotation);
                        }
                        return null;
                    }
                };
            }
        }, 0);
        return methods;
    }
}
