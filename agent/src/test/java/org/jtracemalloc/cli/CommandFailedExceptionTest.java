package org.jtracemalloc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.rmi.ConnectIOException;
import org.junit.jupiter.api.Test;

class CommandFailedExceptionTest {

    @Test
    void rootCauseIsTheInnermostMessageOnOneLine() {
        // what a JMX call to a JVM that has just exited throws
        IOException wrapped = new ConnectIOException("Exception creating connection to: 127.0.0.1",
                new ConnectException("Connection refused\n\tto host 127.0.0.1"));
        assertEquals("Connection refused to host 127.0.0.1", CommandFailedException.rootCause(wrapped));
    }

    @Test
    void rootCauseWithoutMessageNamesTheException() {
        assertEquals("NullPointerException", CommandFailedException.rootCause(new IllegalStateException(new NullPointerException())));
    }
}
