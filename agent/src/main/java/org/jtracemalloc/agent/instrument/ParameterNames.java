package org.jtracemalloc.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Attribute;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.TypePath;

/**
 * The parameter names ({@code MethodParameters}, what {@code javac -parameters} writes) of a class
 * being retransformed, for the JVMs that leave them out. Before JDK 19 the class file the JVM
 * rebuilds for a retransformation has no {@code MethodParameters} attribute (JDK-8240908), so
 * whatever a transformer returns, even nothing, the class loses its names: {@code
 * Parameter.getName()} answers {@code arg0}, and a framework that binds by name (Spring 6's
 * {@code @RequestParam int n}) fails every request after an attach. A class file that carries the
 * attribute keeps them, so the rewriting puts back the names read from the class file its loader
 * serves (matched by method name and descriptor, and only where the counts agree).
 */
final class ParameterNames {
    /** The constant a class file holds when a method has the attribute: a 16-byte UTF-8 entry. */
    private static final byte[] ATTRIBUTE_NAME = "\u0001\u0000\u0010MethodParameters".getBytes(StandardCharsets.ISO_8859_1);
    private static final boolean LEFT_OUT_BY_THIS_JVM = Runtime.version().feature() < 19;

    /** One entry of a method's {@code MethodParameters}. */
    private record Parameter(String name, int access) {}

    /** Per method (name and descriptor, concatenated): its parameters, in order. */
    private final Map<String, List<Parameter>> byMethod;

    private ParameterNames(Map<String, List<Parameter>> byMethod) {
        this.byMethod = byMethod;
    }

    /**
     * The names to put back into class {@code className} of {@code loader} when it is
     * retransformed; null when there are none or this JVM keeps them. The JDK's own classes are
     * compiled without {@code -parameters} and are not looked at.
     */
    static ParameterNames lostOnRetransformation(ClassLoader loader, String className) {
        if (!LEFT_OUT_BY_THIS_JVM || loader == null || loader == ClassLoader.getPlatformClassLoader()) {
            return null;
        }
        byte[] original;
        try (InputStream in = classFileOf(loader, className.replace('.', '/').concat(".class"))) {
            if (in == null) {
                return null; // a class made at run time: no javac attribute to lose
            }
            original = in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
        if (!contains(original, ATTRIBUTE_NAME)) {
            return null;
        }
        Map<String, List<Parameter>> byMethod = new HashMap<>();
        new ClassReader(original).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                List<Parameter> parameters = new ArrayList<>();
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitParameter(String parameterName, int parameterAccess) {
                        parameters.add(new Parameter(parameterName, parameterAccess));
                    }

                    @Override
                    public void visitEnd() {
                        if (!parameters.isEmpty()) {
                            byMethod.put(name.concat(descriptor), parameters);
                        }
                    }
                };
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES); // not SKIP_DEBUG: it skips MethodParameters too
        return byMethod.isEmpty() ? null : new ParameterNames(byMethod);
    }

    /**
     * The class file as the class's defining loader found it. A {@code URLClassLoader} (an
     * application server's, Spring Boot's) is asked for its own copy only: the delegation of
     * {@code getResourceAsStream} first looks through the parents, whose built-in loaders search
     * every module defined to them, several times the cost of the read itself on an attach (the
     * class was defined by this loader, so its parents do not have it).
     */
    private static InputStream classFileOf(ClassLoader loader, String path) throws IOException {
        if (loader instanceof URLClassLoader own) {
            URL found = own.findResource(path);
            return found == null ? null : found.openStream();
        }
        return loader.getResourceAsStream(path);
    }

    /**
     * Wraps the writer's visitor of a method so that it receives the method's names before its
     * annotations and code, unless the class file being rewritten has them already (a JVM with
     * the fix); {@code target} unchanged when the method had none. The wrapper also keeps ASM from
     * copying the method's attributes as bytes, which would leave the names out again.
     */
    MethodVisitor restoreInto(MethodVisitor target, String methodName, String descriptor) {
        List<Parameter> parameters = byMethod.get(methodName.concat(descriptor));
        return parameters == null ? target : new Restoring(target, parameters);
    }

    /** Emits the names before the first event that must follow them, unless the reader brought its own. */
    private static final class Restoring extends MethodVisitor {
        private final List<Parameter> parameters;
        private boolean settled;

        Restoring(MethodVisitor target, List<Parameter> parameters) {
            super(Opcodes.ASM9, target);
            this.parameters = parameters;
        }

        private void settle() {
            if (!settled) {
                settled = true;
                for (Parameter parameter : parameters) {
                    super.visitParameter(parameter.name(), parameter.access());
                }
            }
        }

        @Override
        public void visitParameter(String name, int access) {
            settled = true; // the class file has its own: they stand
            super.visitParameter(name, access);
        }

        @Override
        public AnnotationVisitor visitAnnotationDefault() {
            settle();
            return super.visitAnnotationDefault();
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            settle();
            return super.visitAnnotation(descriptor, visible);
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath,
                                                                            String descriptor, boolean visible) {
            settle();
            return super.visitTypeAnnotation(typeRef, typePath, descriptor, visible);
        }

        @Override
        public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
            settle();
            super.visitAnnotableParameterCount(parameterCount, visible);
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor, boolean visible) {
            settle();
            return super.visitParameterAnnotation(parameter, descriptor, visible);
        }

        @Override
        public void visitAttribute(Attribute attribute) {
            settle();
            super.visitAttribute(attribute);
        }

        @Override
        public void visitCode() {
            settle();
            super.visitCode();
        }

        @Override
        public void visitEnd() {
            settle();
            super.visitEnd();
        }
    }

    static boolean contains(byte[] classFile, byte[] constant) {
        outer:
        for (int i = 0; i <= classFile.length - constant.length; i++) {
            for (int j = 0; j < constant.length; j++) {
                if (classFile[i + j] != constant[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
