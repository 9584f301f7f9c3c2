package org.jtracemalloc.agent.instrument;

import static net.bytebuddy.jar.asm.Opcodes.ANEWARRAY;
import static net.bytebuddy.jar.asm.Opcodes.IINC;
import static net.bytebuddy.jar.asm.Opcodes.INVOKEDYNAMIC;
import static net.bytebuddy.jar.asm.Opcodes.INVOKEINTERFACE;
import static net.bytebuddy.jar.asm.Opcodes.INVOKEVIRTUAL;
import static net.bytebuddy.jar.asm.Opcodes.LOOKUPSWITCH;
import static net.bytebuddy.jar.asm.Opcodes.MULTIANEWARRAY;
import static net.bytebuddy.jar.asm.Opcodes.NEW;
import static net.bytebuddy.jar.asm.Opcodes.NEWARRAY;
import static net.bytebuddy.jar.asm.Opcodes.TABLESWITCH;

import java.util.Arrays;
import java.util.BitSet;

import net.bytebuddy.jar.asm.ClassReader;

/**
 * Finds, by a raw walk over a class file's bytecode, the methods that may hold an allocation site:
 * those with a {@code NEW}, an array creation, an {@code invokedynamic}, or a call to a method
 * whose name is one the rewriters hook after ({@link #HOOKED_CALL_NAMES}). Every other method is
 * handed to ASM's writer untouched, which then copies its bytes instead of decoding and
 * re-encoding every instruction: most of a class's rewriting time, paid at class loading on the
 * application's thread (docs/performance-log.md, "Rewriting cost").
 *
 * <p>It only has to be a superset: a method it marks goes through the rewriters, which decide
 * site by site. Missing one would silently lose its allocations, so {@code AllocatingMethodsTest}
 * checks it against the rewriters on every class of the JDK's base module.
 */
final class AllocatingMethods {
    /**
     * The names of every method {@link CallSiteAllocationRewriter} reports the result of; matched
     * by name alone (owner and descriptor left to the rewriter), which errs on the safe side.
     */
    private static final String[] HOOKED_CALL_NAMES = {
        "clone", "newInstance", "copyOf", "copyOfRange", "allocateUninitializedArray", "allocateInstance",
        "fillInStackTrace",
    };

    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_INTERFACE_METHODREF = 11;

    /** The one opcode ASM's {@code Opcodes} leaves out: its reader and writer handle it themselves. */
    private static final int WIDE = 0xc4;

    /** Instruction lengths in bytes by opcode, 0 for the variable-length ones (switches, wide). */
    private static final byte[] LENGTH = instructionLengths();

    private AllocatingMethods() {}

    /**
     * The methods, numbered in class-file order (the order in which {@link ClassReader#accept}
     * visits them), that may hold an allocation site.
     */
    static BitSet in(ClassReader reader) {
        boolean[] hookedCalls = hookedCallEntries(reader);
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
        int fields = reader.readUnsignedShort(offset);
        offset += 2;
        for (int i = 0; i < fields; i++) {
            offset = skipAttributes(reader, offset + 6);
        }
        int methods = reader.readUnsignedShort(offset);
        offset += 2;
        BitSet allocating = new BitSet(methods);
        for (int method = 0; method < methods; method++) {
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                int length = reader.readInt(offset + 2);
                if ("Code".equals(reader.readUTF8(offset, buffer))
                        && mayAllocate(reader, offset + 14, reader.readInt(offset + 10), hookedCalls)) {
                    allocating.set(method);
                }
                offset += 6 + length;
            }
        }
        return allocating;
    }

    /** Whether the code of {@code length} bytes at {@code start} has an instruction that may allocate. */
    private static boolean mayAllocate(ClassReader reader, int start, int length, boolean[] hookedCalls) {
        int pc = 0;
        while (pc < length) {
            int opcode = reader.readByte(start + pc);
            switch (opcode) {
                case NEW, NEWARRAY, ANEWARRAY, MULTIANEWARRAY, INVOKEDYNAMIC:
                    return true;
                case TABLESWITCH: {
                    int operands = start + pc + 4 - (pc & 3); // padded to a multiple of 4 from the code's start
                    int low = reader.readInt(operands + 4);
                    int high = reader.readInt(operands + 8);
                    pc = operands - start + 12 + 4 * (high - low + 1);
                    continue;
                }
                case LOOKUPSWITCH: {
                    int operands = start + pc + 4 - (pc & 3);
                    pc = operands - start + 8 + 8 * reader.readInt(operands + 4);
                    continue;
                }
                case WIDE:
                    pc += reader.readByte(start + pc + 1) == IINC ? 6 : 4;
                    continue;
                default:
                    if (opcode >= INVOKEVIRTUAL && opcode <= INVOKEINTERFACE
                            && hookedCalls[reader.readUnsignedShort(start + pc + 1)]) {
                        return true;
                    }
                    pc += LENGTH[opcode];
            }
        }
        return false;
    }

    /** Per constant pool index: whether it is a method reference with one of the hooked names. */
    private static boolean[] hookedCallEntries(ClassReader reader) {
        int count = reader.getItemCount();
        boolean[] hooked = new boolean[count];
        char[] buffer = new char[reader.getMaxStringLength()];
        for (int index = 1; index < count; index++) {
            int offset = reader.getItem(index); // just after the entry's tag; 0 for a long's or double's second slot
            if (offset == 0) {
                continue;
            }
            int tag = reader.readByte(offset - 1);
            if (tag == CONSTANT_METHODREF || tag == CONSTANT_INTERFACE_METHODREF) {
                int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
                hooked[index] = isHookedName(reader.readUTF8(nameAndType, buffer));
            }
        }
        return hooked;
    }

    private static boolean isHookedName(String name) {
        for (String hooked : HOOKED_CALL_NAMES) {
            if (hooked.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The offset after the attributes that start at {@code offset} (their count). */
    static int skipAttributes(ClassReader reader, int offset) {
        int attributes = reader.readUnsignedShort(offset);
        offset += 2;
        for (int a = 0; a < attributes; a++) {
            offset += 6 + reader.readInt(offset + 2);
        }
        return offset;
    }

    private static byte[] instructionLengths() {
        byte[] length = new byte[256];
        Arrays.fill(length, (byte) 1);
        for (int opcode : new int[] {0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, NEWARRAY}) {
            length[opcode] = 2; // bipush, ldc, the loads and stores with an index, ret, newarray
        }
        for (int opcode : new int[] {0x11, 0x13, 0x14, IINC, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, NEW, ANEWARRAY,
                0xc0, 0xc1, 0xc6, 0xc7}) {
            length[opcode] = 3; // sipush, ldc_w, ldc2_w, iinc, field access, invokes but interface, new, anewarray, casts, ifnull
        }
        for (int opcode = 0x99; opcode <= 0xa8; opcode++) {
            length[opcode] = 3; // the conditional jumps, goto, jsr
        }
        length[MULTIANEWARRAY] = 4;
        for (int opcode : new int[] {INVOKEINTERFACE, INVOKEDYNAMIC, 0xc8, 0xc9}) {
            length[opcode] = 5; // invokeinterface, invokedynamic, goto_w, jsr_w
        }
        length[TABLESWITCH] = 0;
        length[LOOKUPSWITCH] = 0;
        length[WIDE] = 0;
        return length;
    }
}
