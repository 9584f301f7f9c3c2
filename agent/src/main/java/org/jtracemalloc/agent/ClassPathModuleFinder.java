package org.jtracemalloc.agent;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds one module whose descriptor is given and whose content is a fixed list of resources,
 * read through a class loader: how the agent makes a named module of classes that sit in its
 * jar ({@link PrivilegedModule}). The loader finds them wherever the agent's classes are, the
 * agent jar or, in the agent's own tests, a directory.
 */
final class ClassPathModuleFinder implements ModuleFinder {
    private final ModuleReference reference;

    ClassPathModuleFinder(ModuleDescriptor descriptor, ClassLoader loader, List<String> resources) {
        this.reference = new ModuleReference(descriptor, null) {
            @Override
            public ModuleReader open() {
                return new Reader(loader, resources);
            }
        };
    }

    @Override
    public Optional<ModuleReference> find(String name) {
        return name.equals(reference.descriptor().name()) ? Optional.of(reference) : Optional.empty();
    }

    @Override
    public Set<ModuleReference> findAll() {
        return Set.of(reference);
    }

    /** Serves the listed resources only, so that the module holds nothing else of the loader's. */
    private record Reader(ClassLoader loader, List<String> resources) implements ModuleReader {
        @Override
        public Optional<URI> find(String name) {
            URL url = resources.contains(name) ? loader.getResource(name) : null;
            return url == null ? Optional.empty() : Optional.of(URI.create(url.toExternalForm()));
        }

        @Override
        public Stream<String> list() {
            return resources.stream();
        }

        @Override
        public void close() {
            // holds nothing open: each read opens and closes its own stream
        }
    }
}
