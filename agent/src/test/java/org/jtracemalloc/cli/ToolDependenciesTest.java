package org.jtracemalloc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.bytebuddy.jar.asm.ClassReader;
import org.jtracemalloc.report.TopListing;
import org.junit.jupiter.api.Test;

/**
 * The tools (the command line, {@code cli}) and the reports ({@code report}) stand on the public
 * API, the MBean's interface and each other alone, never on the agent's internals (the store, the
 * file format, the instrumentation, the agent's classes): the layering that
 * docs/architecture.md ("Modules") gives as the reason they may share the agent's jar and Maven
 * module. Checked on the compiled classes, whose constant pools name every class they use.
 */
class ToolDependenciesTest {
    private static final Pattern OWN_CLASS = Pattern.compile("org/jtracemalloc/[A-Za-z0-9_/$]+");
    private static final List<String> ALLOWED_PACKAGES = List.of("org/jtracemalloc/cli/", "org/jtracemalloc/report/");
    private static final String MBEAN_INTERFACE = "org/jtracemalloc/jmx/TracemallocMBean";

    @Test
    void cliAndReportUseOnlyThePublicApiTheMBeanInterfaceAndEachOther() throws IOException, URISyntaxException {
        Path classes = Path.of(TopListing.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> forbidden = new TreeSet<>();
        Set<String> allUsed = new TreeSet<>();
        int scanned = 0;
        for (String toolPackage : ALLOWED_PACKAGES) {
            try (Stream<Path> files = Files.list(classes.resolve(toolPackage))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    scanned++;
                    Set<String> usedByFile = ownClassesUsedBy(Files.readAllBytes(file));
                    allUsed.addAll(usedByFile);
                    for (String used : usedByFile) {
                        if (!isAllowed(used)) {
                            forbidden.add(classes.relativize(file) + " uses " + used);
                        }
                    }
                }
            }
        }
        assertTrue(scanned > 20, scanned + " classes scanned");
        // the scan sees what the tool does use: the MBean's interface and the public API
        assertTrue(allUsed.containsAll(List.of(MBEAN_INTERFACE, "org/jtracemalloc/Snapshot")), allUsed::toString);
        assertEquals(Set.of(), forbidden);
    }

    private static boolean isAllowed(String internalName) {
        String topLevel = internalName.replaceAll("\\$.*", "");
        boolean publicApi = topLevel.lastIndexOf('/') == "org/jtracemalloc".length();
        return publicApi || topLevel.equals(MBEAN_INTERFACE) || ALLOWED_PACKAGES.stream().anyMatch(topLevel::startsWith);
    }

    /** Every org.jtracemalloc class named in the constant pool: class entries and descriptors alike. */
    private static Set<String> ownClassesUsedBy(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        Set<String> used = new TreeSet<>();
        for (int item = 1; item < reader.getItemCount(); item++) {
            int offset = reader.getItem(item);
            if (offset > 0 && reader.readByte(offset - 1) == 1) { // CONSTANT_Utf8: u2 length, then the bytes
                int length = reader.readUnsignedShort(offset);
                // class names are ASCII, which modified UTF-8 keeps byte for byte
                String text = new String(classFile, offset + 2, length, StandardCharsets.ISO_8859_1);
                Matcher matcher = OWN_CLASS.matcher(text);
                while (matcher.find()) {
                    used.add(matcher.group());
                }
            }
        }
        return used;
    }
}
