package org.jtracemalloc.it.app;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.jtracemalloc.Frame;
import org.jtracemalloc.Snapshot;
import org.jtracemalloc.Trace;
import org.jtracemalloc.Tracemalloc;

/**
 * Run with {@code domains=heap+native}: allocates direct buffers and raw Unsafe memory at marked
 * lines, prints what the native domain holds for each line, frees the raw blocks and prints again.
 */
public final class NativeAllocations {
    public static final int BUFFERS = 10;
    public static final int BUFFER_CAPACITY = 4096;
    public static final int BLOCKS = 5;
    public static final int BLOCK_SIZE = 1000;

    private NativeAllocations() {}

    public static void main(String[] args) throws Exception {
        Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) field.get(null);

        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < BUFFERS; i++) {
            buffers.add(ByteBuffer.allocateDirect(BUFFER_CAPACITY)); // site: buffers
        }
        long[] blocks = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = unsafe.allocateMemory(BLOCK_SIZE); // site: blocks
        }
        print("allocated", Tracemalloc.takeSnapshot());
        for (long block : blocks) {
            unsafe.freeMemory(block);
        }
        print("freed", Tracemalloc.takeSnapshot());
        System.out.println("buffersKept " + buffers.size());
    }

    /** For each line of this file: {@code key line size count} of the native traces whose traceback has it. */
    private static void print(String key, Snapshot snapshot) {
        java.util.Map<Integer, long[]> byLine = new java.util.TreeMap<>();
        for (Trace trace : snapshot.traces()) {
            if (trace.domain() != Tracemalloc.NATIVE_DOMAIN) {
                continue;
            }
            for (Frame frame : trace.traceback()) {
                if (frame.filename().equals("org/jtracemalloc/it/app/NativeAllocations.java")) {
                    long[] sizeAndCount = byLine.computeIfAbsent(frame.lineno(), line -> new long[2]);
                    sizeAndCount[0] += trace.size();
                    sizeAndCount[1]++;
                }
            }
        }
        byLine.forEach((line, sizeAndCount) -> System.out.println(key + " " + line + " " + sizeAndCount[0] + " " + sizeAndCount[1]));
        System.out.println(key + "Lines " + byLine.size());
    }
}
