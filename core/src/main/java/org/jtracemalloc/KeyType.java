package org.jtracemalloc;

/** How {@link Snapshot#statistics(KeyType)} groups traces; CPython's {@code key_type} strings. */
public enum KeyType {
    /** By the allocating frame's file ({@code "filename"}); the key frame has lineno 0. */
    FILENAME("filename"),
    /** By the allocating frame's file and line ({@code "lineno"}). */
    LINENO("lineno"),
    /** By the whole traceback ({@code "traceback"}); not allowed with cumulative. */
    TRACEBACK("traceback");

    private final String pythonName;

    KeyType(String pythonName) {
        this.pythonName = pythonName;
    }

    /** The key type's name in CPython: {@code "filename"}, {@code "lineno"} or {@code "traceback"}. */
    public String pythonName() {
        return pythonName;
    }

    /**
     * The key type that CPython names {@code name}; case-sensitive, like CPython.
     *
     * @throws IllegalArgumentException {@code unknown key_type: 'foo'} (CPython's ValueError)
     */
    public static KeyType fromPythonName(String name) {
        for (KeyType type : values()) {
            if (type.pythonName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown key_type: " + (name == null ? "None" : PythonStrings.repr(name)));
    }
}
