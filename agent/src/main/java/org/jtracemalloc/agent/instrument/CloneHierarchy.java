package org.jtracemalloc.agent.instrument;

import java.io.IOException;
import java.io.InputStream;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Where a {@code super.clone()} call lands, found from class files alone: the class being rewritten
 * is still loading, so its superclasses must not be loaded (or initialised) to answer.
 */
final class CloneHierarchy {
    private static final String OBJECT = "java/lang/Object";

    private CloneHierarchy() {}

    /**
     * Whether {@code super.clone()} with this owner runs {@code Object.clone} itself: javac names
     * the direct superclass as the owner, and the call reaches the nearest class up from there that
     * declares a concrete {@code clone()}. An unreadable hierarchy counts as reaching Object.clone:
     * a missed copy is worse than a rare double count.
     *
     * @param owner internal name of the call's owner
     * @param loader the loader of the calling class (null: the boot loader), which sees its superclasses
     */
    static boolean superCloneReachesObjectClone(String owner, ClassLoader loader) {
        String type = owner;
        while (type != null && !type.equals(OBJECT)) {
            byte[] classFile = read(type, loader);
            if (classFile == null) {
                return true;
            }
            try {
                ClassReader reader = new ClassReader(classFile);
                CloneDeclaration declaration = new CloneDeclaration();
                reader.accept(declaration, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
                if (declaration.found) {
                    return false;
                }
                type = reader.getSuperName();
            } catch (RuntimeException malformed) {
                return true;
            }
        }
        return true;
    }

    private static byte[] read(String internalName, ClassLoader loader) {
        // The platform loader looks in the boot loader first: it stands for the boot loader here.
        ClassLoader finder = loader != null ? loader : ClassLoader.getPlatformClassLoader();
        try (InputStream in = finder.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Notes whether a class declares a concrete {@code clone()}. */
    private static final class CloneDeclaration extends ClassVisitor {
        boolean found;

        CloneDeclaration() {
            super(Opcodes.ASM9);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if (name.equals("clone") && descriptor.startsWith("()") && (access & Opcodes.ACC_ABSTRACT) == 0) {
                found = true;
            }
            return null;
        }
    }
}
