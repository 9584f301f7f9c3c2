package org.jtracemalloc.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The table of allocation sites. The agent registers each rewritten allocation instruction once,
 * at instrumentation time, and instrumented code passes the returned id, so a depth-1 traceback
 * needs no stack walk.
 *
 * <p>{@link #register} runs inside class loading (from the agent's transformer), so it only
 * appends to an array under a private monitor: it calls nothing that could load a class, wait for
 * another lock or call back into the agent. Readers ({@link #site}) never lock: they run on the
 * allocation path, possibly while another thread holds that monitor.
 */
public final class AllocationSites {
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(Site[].class);
    private static final int INITIAL_CAPACITY = 1024;

    private static final Object APPEND_LOCK = new Object();
    private static volatile Site[] sites = new Site[INITIAL_CAPACITY];
    private static int count; // guarded by APPEND_LOCK
    /** The SourceFile attribute of every class with a registered site, by binary name. */
    private static final ConcurrentHashMap<String, String> SOURCE_FILES = new ConcurrentHashMap<>();

    /**
     * One allocation instruction: the class, method, source file and line that hold it.
     * {@code hiddenFrame}: the instruction runs in a method of a hidden class (a lambda proxy),
     * whose frames stack walks do not show, and the site names the code the proxy was made for.
     */
    record Site(String className, String methodName, String sourceFile, int line, boolean hiddenFrame) {}

    static {
        // Link the VarHandle access modes now, not on a first call inside a class being loaded.
        Site[] probe = new Site[1];
        ELEMENT.setRelease(probe, 0, (Site) null);
        ELEMENT.getAcquire(probe, 0);
    }

    private AllocationSites() {}

    /**
     * Registers a site and returns its id (dense, from 0). {@code sourceFile} is the class file's
     * SourceFile attribute or null; {@code line} is 0 when unknown. Thread-safe.
     */
    public static int register(String className, String methodName, String sourceFile, int line) {
        return append(new Site(className, methodName, sourceFile, line, false));
    }

    /**
     * Registers a site of a hidden class's method, under the location of the code it was made for
     * (a lambda proxy's: the line of its constructor reference). A stack walk from such a site
     * does not see the proxy's frame, so the site's frame is put in front of the walked ones
     * instead of replacing the first of them.
     */
    public static int registerInHiddenFrame(String className, String methodName, String sourceFile, int line) {
        return append(new Site(className, methodName, sourceFile, line, true));
    }

    /**
     * Records the SourceFile attribute of a class (null: none) whose methods may have run while it
     * was retransformed, so that their frames are named ({@link #sourceFile}). Sites record theirs.
     */
    public static void registerSourceFile(String className, String sourceFile) {
        if (sourceFile != null) {
            SOURCE_FILES.putIfAbsent(className, sourceFile);
        }
    }

    private static int append(Site site) {
        registerSourceFile(site.className(), site.sourceFile());
        synchronized (APPEND_LOCK) {
            int id = count;
            Site[] table = sites;
            if (id == table.length) {
                Site[] grown = new Site[table.length * 2];
                System.arraycopy(table, 0, grown, 0, table.length);
                table = grown;
                ELEMENT.setRelease(table, id, site);
                sites = table;
            } else {
                ELEMENT.setRelease(table, id, site);
            }
            count = id + 1;
            return id;
        }
    }

    /** The site registered under {@code id}, or null for an id never returned by {@link #register}. */
    static Site site(int id) {
        Site[] table = sites;
        return id >= 0 && id < table.length ? (Site) ELEMENT.getAcquire(table, id) : null;
    }

    /** Whether site {@code id} is in a hidden class's method ({@link #registerInHiddenFrame}). */
    static boolean inHiddenFrame(int id) {
        Site site = site(id);
        return site != null && site.hiddenFrame();
    }

    /**
     * The SourceFile attribute of the rewritten or retransformed class {@code className}, or null.
     * For the frames of a method version that a retransformation replaced while it was running (a
     * loop that was running at attach): the JVM reports no source file for them, though their
     * class has one.
     */
    static String sourceFile(String className) {
        return SOURCE_FILES.get(className);
    }

    /** How many sites are registered. */
    public static int count() {
        synchronized (APPEND_LOCK) {
            return count;
        }
    }

    /** Bytes held by the table: the array, each registered site and source file entry (the strings are the class's). */
    static long estimatedBytes() {
        Site[] table = sites;
        return 16L + 4L * table.length + 32L * count() + 48L * SOURCE_FILES.size();
    }
}
