package org.jtracemalloc.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;

/**
 * Reads a class file's SourceFile attribute from its bytes, skipping the fields and methods
 * without decoding them: cheaper than an ASM visit of a class that is not otherwise rewritten.
 */
final class SourceFileAttribute {
    private SourceFileAttribute() {}

    /** The class file's SourceFile attribute, or null. */
    static String of(ClassReader reader) {
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        for (int members = 0; members < 2; members++) { // the fields, then the methods
            int count = reader.readUnsignedShort(offset);
            offset += 2;
            for (int i = 0; i < count; i++) {
                offset = AllocatingMethods.skipAttributes(reader, offset + 6);
            }
        }
        char[] buffer = new char[reader.getMaxStringLength()];
        int attributes = reader.readUnsignedShort(offset);
        offset += 2;
        for (int a = 0; a < attributes; a++) {
            if ("SourceFile".equals(reader.readUTF8(offset, buffer))) {
                return reader.readUTF8(offset + 6, buffer);
            }
            offset += 6 + reader.readInt(offset + 2);
        }
        return null;
    }
}
