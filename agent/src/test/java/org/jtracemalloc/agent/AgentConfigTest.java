package org.jtracemalloc.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.jtracemalloc.TracingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    private static final Properties NO_PROPERTIES = new Properties();

    @Test
    void defaultsWithoutArgumentsOrProperties() {
        for (String args : new String[] {null, ""}) {
            AgentConfig config = AgentConfig.parse(args, NO_PROPERTIES);
            assertTrue(config.start());
            assertEquals(1, config.nframe());
            assertTrue(config.heap());
            assertFalse(config.nativeMemory());
            assertNull(config.dumpOnExit());
            assertEquals(AgentLog.Level.WARN, config.log());
            assertTrue(config.classFilter().accepts("com.acme.Anything"));
            assertNull(config.http(), "no HTTP endpoint unless asked for");
        }
    }

    @Test
    void httpTakesALoopbackHostAndPort() {
        InetSocketAddress v4 = AgentConfig.parse("http=127.0.0.1:6060", NO_PROPERTIES).http();
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6060), v4);
        InetSocketAddress v6 = AgentConfig.parse("http=[::1]:0", NO_PROPERTIES).http();
        assertTrue(v6.getAddress().isLoopbackAddress() && v6.getAddress().getAddress().length == 16, v6::toString);
        assertEquals(0, v6.getPort(), "port 0: the system picks one");
        Properties properties = new Properties();
        properties.setProperty("jtracemalloc.http", "localhost:7070");
        assertEquals(7070, AgentConfig.parse(null, properties).http().getPort());
    }

    @Test
    void httpRefusesAnAddressThatIsNotLoopbackUnlessAllowed() {
        AgentConfigException e = assertThrows(AgentConfigException.class, () -> AgentConfig.parse("http=0.0.0.0:6060", NO_PROPERTIES));
        assertEquals("jtracemalloc: refusing http=0.0.0.0:6060: 0.0.0.0 is not a loopback address, and the endpoint has no"
                + " authentication; to serve it there all the same, also set http.allowRemote=true (system property"
                + " jtracemalloc.http.allowRemote)", e.getMessage());
        Properties properties = new Properties();
        properties.setProperty("jtracemalloc.http", "0.0.0.0:6060");
        assertTrue(assertThrows(AgentConfigException.class, () -> AgentConfig.parse(null, properties)).getMessage()
                .startsWith("jtracemalloc: refusing jtracemalloc.http=0.0.0.0:6060: "));
        assertRejected("http=0.0.0.0:6060,http.allowRemote=yes", "invalid value 'yes' for http.allowRemote: expected true or false");

        InetSocketAddress allowed = AgentConfig.parse("http=0.0.0.0:6060,http.allowRemote=true", NO_PROPERTIES).http();
        assertTrue(allowed.getAddress().isAnyLocalAddress(), allowed::toString);
        properties.setProperty("jtracemalloc.http.allowRemote", "true");
        assertEquals(allowed, AgentConfig.parse(null, properties).http());
    }

    @Test
    void agentArgumentsWinOverSystemProperties() {
        Properties properties = new Properties();
        properties.setProperty("jtracemalloc.nframe", "3");
        properties.setProperty("jtracemalloc.start", "false");
        AgentConfig config = AgentConfig.parse("nframe=8, log=debug", properties);
        assertEquals(8, config.nframe());
        assertFalse(config.start());
        assertEquals(AgentLog.Level.DEBUG, config.log());
    }

    @Test
    void includeAndExcludeGlobsLimitTheClasses() {
        AgentConfig config = AgentConfig.parse("include=com.acme.*+org.example.Main,exclude=com.acme.internal.*;*Test", NO_PROPERTIES);
        assertTrue(config.classFilter().accepts("com.acme.web.Server"));
        assertTrue(config.classFilter().accepts("org.example.Main"));
        assertFalse(config.classFilter().accepts("org.example.Main2"));
        assertFalse(config.classFilter().accepts("com.acme.internal.Cache"));
        assertFalse(config.classFilter().accepts("com.acme.ServerTest"));
        assertFalse(config.classFilter().accepts("java.util.HashMap"));
    }

    @Test
    void dumpPathInAWritableDirectoryIsAccepted(@TempDir Path directory) {
        AgentConfig config = AgentConfig.parse("dumpOnExit=" + directory.resolve("exit.tracemalloc"), NO_PROPERTIES);
        assertEquals(directory.resolve("exit.tracemalloc"), config.dumpOnExit());
    }

    @Test
    void maxTracesIsAPositiveCountUnboundedByDefault() {
        assertEquals(Long.MAX_VALUE, AgentConfig.parse(null, NO_PROPERTIES).maxTraces());
        assertEquals(1_000_000, AgentConfig.parse("maxTraces=1000000", NO_PROPERTIES).maxTraces());
        AgentConfigException zero = assertThrows(AgentConfigException.class,
                () -> AgentConfig.parse("maxTraces=0", NO_PROPERTIES));
        assertTrue(zero.getMessage().contains("maxTraces"), zero.getMessage());
        assertTrue(zero.getMessage().contains("expected a positive number of traces"), zero.getMessage());
        assertThrows(AgentConfigException.class, () -> AgentConfig.parse("maxTraces=many", NO_PROPERTIES));
    }

    @Test
    void verifySizesIsABooleanOffByDefault() {
        assertFalse(AgentConfig.parse(null, NO_PROPERTIES).verifySizes());
        assertTrue(AgentConfig.parse("verifySizes=true", NO_PROPERTIES).verifySizes());
        AgentConfigException bad = assertThrows(AgentConfigException.class,
                () -> AgentConfig.parse("verifySizes=yes", NO_PROPERTIES));
        assertTrue(bad.getMessage().contains("verifySizes"), bad.getMessage());
    }

    @Test
    void samplingTakesBytesWithSuffixes() {
        assertEquals(0, AgentConfig.parse(null, NO_PROPERTIES).sampling());
        assertEquals(0, AgentConfig.parse("sampling=0", NO_PROPERTIES).sampling());
        assertEquals(4096, AgentConfig.parse("sampling=4096", NO_PROPERTIES).sampling());
        assertEquals(512 * 1024, AgentConfig.parse("sampling=512k", NO_PROPERTIES).sampling());
        assertEquals(2L << 20, AgentConfig.parse("sampling=2M", NO_PROPERTIES).sampling());
        assertEquals(3L << 30, AgentConfig.parse("sampling=3g", NO_PROPERTIES).sampling());
        Properties properties = new Properties();
        properties.setProperty("jtracemalloc.sampling", "64K");
        assertEquals(64 * 1024, AgentConfig.parse(null, properties).sampling());
    }

    @Test
    void domainsAcceptHeapAndNumbers() {
        assertTrue(AgentConfig.parse("domains=heap+7", NO_PROPERTIES).heap());
        assertFalse(AgentConfig.parse("domains=7", NO_PROPERTIES).heap());
        AgentConfig both = AgentConfig.parse("domains=heap+native", NO_PROPERTIES);
        assertTrue(both.heap() && both.nativeMemory());
        AgentConfig nativeOnly = AgentConfig.parse("domains=1", NO_PROPERTIES);
        assertTrue(nativeOnly.nativeMemory() && !nativeOnly.heap());
    }

    @Test
    void badValuesNameTheKeyTheValueAndWhatIsAllowed(@TempDir Path directory) throws Exception {
        Path file = Files.createFile(directory.resolve("file"));
        assertRejected("nframe=0", "invalid value '0' for nframe: expected an integer from 1 to 65535");
        assertRejected("nframe=65536", "invalid value '65536' for nframe: expected an integer from 1 to 65535");
        assertRejected("nframe=two", "invalid value 'two' for nframe: expected an integer from 1 to 65535");
        String bytes = "expected a number of bytes with an optional k, m or g suffix (such as 512k), 0 to trace every allocation";
        for (String bad : new String[] {"", "k", "-1", "1.5m", "12kb", "64 k", "1t", "9223372036854775808", "8589934592g"}) {
            assertRejected("sampling=" + bad, "invalid value '" + bad + "' for sampling: " + bytes);
        }
        assertRejected("start=yes", "invalid value 'yes' for start: expected true or false");
        assertRejected("domains=heap+disk", "invalid value 'heap+disk' for domains: expected heap, native or a domain number");
        assertRejected("log=verbose", "invalid value 'verbose' for log: expected off, error, warn, info or debug");
        assertRejected("include=com.acme.*+", "invalid value 'com.acme.*+' for include: expected class-name globs");
        assertRejected("exclude=com/acme", "invalid value 'com/acme' for exclude: 'com/acme' is not a glob");
        assertRejected("dumpOnExit=" + directory, "for dumpOnExit: expected a file path, not a directory");
        assertRejected("dumpOnExit=" + file.resolve("x"), "for dumpOnExit: expected a file in an existing directory");
        assertRejected("colour=red", "unknown agent argument key 'colour' (value 'red'): allowed keys are start, nframe");
        String hostAndPort = "expected HOST:PORT with a port from 0 to 65535, such as 127.0.0.1:6060 or [::1]:6060";
        for (String bad : new String[] {"6060", "127.0.0.1:", ":6060", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:0x10", "[::1]"}) {
            assertRejected("http=" + bad, "invalid value '" + bad + "' for http: " + hostAndPort);
        }
        assertRejected("http=::1:6060", "for http: " + hostAndPort + " (an IPv6 address goes in brackets)");
        assertRejected("nframe", "malformed agent argument 'nframe' in 'nframe': expected key=value pairs");
        assertRejected("nframe=2,,start=true", "malformed agent argument '' in 'nframe=2,,start=true'");
    }

    @Test
    void badSystemPropertyIsNamedByItsPropertyName() {
        Properties properties = new Properties();
        properties.setProperty("jtracemalloc.nframe", "-1");
        AgentConfigException e = assertThrows(AgentConfigException.class, () -> AgentConfig.parse(null, properties));
        assertEquals("jtracemalloc: invalid value '-1' for jtracemalloc.nframe: expected an integer from 1 to 65535", e.getMessage());
    }

    private static void assertRejected(String args, String expectedPart) {
        AgentConfigException e = assertThrows(AgentConfigException.class, () -> AgentConfig.parse(args, NO_PROPERTIES));
        assertTrue(e.getMessage().startsWith("jtracemalloc: ") && e.getMessage().contains(expectedPart),
                () -> "message was: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void theStoreKeysMakeOneSettingsValue() {
        assertEquals(TracingSettings.defaults(), AgentConfig.parse(null, NO_PROPERTIES).tracingSettings());
        assertEquals(new TracingSettings(512 * 1024, 1000, 64L << 20),
                AgentConfig.parse("sampling=512k,maxTraces=1000,maxMemory=64m", NO_PROPERTIES).tracingSettings());
    }
}
