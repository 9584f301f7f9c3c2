package org.jtracemalloc.format;

/** The constants of the snapshot file format; {@code docs/snapshot-format.md} explains each. */
final class SnapshotFormat {
    private SnapshotFormat() {}

    /**
     * "\u0089JTMSNAP\n": the high first byte and the line feed make a text-mode copy or a
     * 7-bit channel visibly corrupt the file, as PNG's signature does.
     */
    static final byte[] MAGIC = {(byte) 0x89, 'J', 'T', 'M', 'S', 'N', 'A', 'P', '\n'};

    /** Bumped only for changes an older reader cannot skip; additions use new sections or fields. */
    static final int VERSION = 1;

    /** Section tags; an odd tag marks a section a reader must understand, an even one may be skipped. */
    static final int SECTION_END = 0;
    static final int SECTION_HEADER = 1;
    static final int SECTION_STRINGS = 3;
    static final int SECTION_FRAMES = 5;
    static final int SECTION_TRACEBACKS = 7;
    static final int SECTION_TRACES = 9;

    /** The header's trace kind: what the traces are (the field is absent, 0, in files of live blocks). */
    static final long TRACES_LIVE = 0;
    static final long TRACES_ALLOCATION_TOTALS = 1;

    /** Flag bits of a trace record: which fields follow, and whether the record is a run. */
    static final int TRACE_DOMAIN = 1;
    static final int TRACE_SIZE = 2;
    static final int TRACE_TRACEBACK = 4;
    static final int TRACE_RUN = 8;
    /** A sampled trace standing for more than one block: its count follows. */
    static final int TRACE_COUNT = 16;
    static final int TRACE_RESERVED = ~(TRACE_DOMAIN | TRACE_SIZE | TRACE_TRACEBACK | TRACE_RUN | TRACE_COUNT) & 0xFF;

    /** Length of the end section's payload: a CRC-32C of every byte before it. */
    static final int END_LENGTH = 4;

    static String sectionName(long tag) {
        if (tag < 0 || tag > SECTION_TRACES) {
            return "section " + Long.toUnsignedString(tag);
        }
        return switch ((int) tag) {
            case SECTION_END -> "end section";
            case SECTION_HEADER -> "header section";
            case SECTION_STRINGS -> "string table";
            case SECTION_FRAMES -> "frame table";
            case SECTION_TRACEBACKS -> "traceback table";
            case SECTION_TRACES -> "trace section";
            default -> "section " + tag;
        };
    }
}
