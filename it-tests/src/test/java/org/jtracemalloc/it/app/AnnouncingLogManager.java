package org.jtracemalloc.it.app;

import java.util.logging.LogManager;

/**
 * An application's own {@code java.util.logging} manager ({@code -Djava.util.logging.manager}), which
 * says on stdout when the JVM creates it: the agent must not make that happen before {@code main}.
 */
public final class AnnouncingLogManager extends LogManager {
    public AnnouncingLogManager() {
        System.out.println("log manager created");
    }
}
