package org.jtracemalloc.it.app;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.management.ObjectName;

/**
 * Loads every class of the {@code java.xml} module (a few thousand, each rewritten by the agent as
 * it loads, so that the rewriting code runs hot), then prints how many it loaded
 * ({@code loaded N}), the JVM's compiler directives as {@code jcmd Compiler.directives_print}
 * shows them (lines prefixed {@code directives }), and how many directive files of the agent are
 * left in the temporary directory ({@code directiveFilesLeft N}).
 */
public final class ManyClassesLoaded {
    private ManyClassesLoaded() {}

    public static void main(String[] args) throws Exception {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> names;
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.xml"))) {
            names = files.map(path -> jrt.getPath("/modules/java.xml").relativize(path).toString())
                    .filter(name -> name.endsWith(".class") && !name.equals("module-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .toList();
        }
        int loaded = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, ClassLoader.getPlatformClassLoader());
                loaded++;
            } catch (ClassNotFoundException | LinkageError notLoadable) {
                // a class that cannot be loaded on its own is just not counted
            }
        }
        System.out.println("loaded " + loaded);
        Object directives = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        for (String line : directives.toString().split("\n")) {
            System.out.println("directives " + line);
        }
        try (Stream<Path> temporary = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            System.out.println("directiveFilesLeft " + temporary
                    .filter(file -> file.getFileName().toString().startsWith("jtracemalloc-compiler-directive-")).count());
        }
    }
}
