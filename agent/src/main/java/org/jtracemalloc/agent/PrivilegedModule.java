package org.jtracemalloc.agent;

import java.lang.instrument.Instrumentation;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jtracemalloc.store.VmBacktraces;

/**
 * The agent's own named module, {@value #NAME}: the only module to which the agent exports or
 * opens a JDK package (docs/architecture.md, "What the agent opens, and to whom").
 *
 * <p>The rest of the agent lives in the system class loader's unnamed module, which is the
 * application's class path: a package exported or opened to it would be exported or opened to
 * every class of the application. So the code that needs a JDK internal lives in this module
 * instead, in a layer of its own that the agent defines when it first needs one (the first
 * start), from class files in the agent jar, with one loader whose parent is the agent's.
 *
 * <p>Its one package is exported to the agent's module only, so that the agent can make instances
 * of its classes, each an implementation of one of the agent's interfaces:
 * {@link BootHookDefiner}, {@link DiagnosticCommands}, {@link VmBacktraces}. That module is the
 * class path's, so the application could call them too if it held the layer's classes (the class
 * path's copies of the same classes hold no privilege): each does one narrow thing and hands out
 * no JDK internal.
 */
final class PrivilegedModule {
    static final String NAME = "org.jtracemalloc.privileged";
    private static final String PACKAGE = NAME;
    /** Every class file of the module: those of the agent jar's package {@value #PACKAGE}. */
    private static final List<String> CLASS_FILES = List.of(
            "org/jtracemalloc/privileged/UnsafeBootHookDefiner.class",
            "org/jtracemalloc/privileged/InProcessDiagnosticCommands.class",
            "org/jtracemalloc/privileged/ThrowableBacktraceReader.class",
            "org/jtracemalloc/privileged/ThrowableBacktraceReader$Unfilled.class");
    /** Named, not loaded: {@code X.class} here would load a powerless copy in the agent's own module. */
    private static final Map<Class<?>, String> IMPLEMENTATIONS = Map.of(
            BootHookDefiner.class, "UnsafeBootHookDefiner",
            DiagnosticCommands.class, "InProcessDiagnosticCommands",
            VmBacktraces.class, "ThrowableBacktraceReader");

    private static volatile PrivilegedModule defined;

    private final Instrumentation instrumentation;
    private final Module module;

    private PrivilegedModule(Instrumentation instrumentation, Module module) {
        this.instrumentation = instrumentation;
        this.module = module;
    }

    /** The module, defined on the first call. */
    static PrivilegedModule of(Instrumentation instrumentation) {
        PrivilegedModule known = defined;
        if (known != null) {
            return known;
        }
        synchronized (PrivilegedModule.class) {
            if (defined == null) {
                defined = define(instrumentation);
            }
            return defined;
        }
    }

    private static PrivilegedModule define(Instrumentation instrumentation) {
        ClassLoader agentLoader = PrivilegedModule.class.getClassLoader();
        ModuleDescriptor descriptor = ModuleDescriptor.newModule(NAME).packages(Set.of(PACKAGE)).build();
        ModuleFinder finder = new ClassPathModuleFinder(descriptor, agentLoader, CLASS_FILES);
        Configuration configuration = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(NAME));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration, List.of(ModuleLayer.boot()),
                agentLoader);
        Module module = controller.layer().findModule(NAME).orElseThrow();
        // Its classes implement the agent's interfaces, which are in the agent's unnamed module.
        Module agent = PrivilegedModule.class.getModule();
        controller.addReads(module, agent);
        controller.addExports(module, PACKAGE, agent);
        return new PrivilegedModule(instrumentation, module);
    }

    /** Exports the package {@code packageName} of {@code owner} to this module, and to no other. */
    PrivilegedModule exportFrom(Module owner, String packageName) {
        instrumentation.redefineModule(owner, Set.of(), Map.of(packageName, Set.of(module)), Map.of(), Set.of(), Map.of());
        return this;
    }

    /** Opens the package {@code packageName} of {@code owner} to this module, and to no other. */
    PrivilegedModule openFrom(Module owner, String packageName) {
        instrumentation.redefineModule(owner, Set.of(), Map.of(), Map.of(packageName, Set.of(module)), Set.of(), Map.of());
        return this;
    }

    /** A new instance of this module's implementation of {@code type}. */
    <T> T newInstance(Class<T> type) {
        Class<?> implementation = Class.forName(module, PACKAGE + '.' + IMPLEMENTATIONS.get(type));
        if (implementation == null) {
            throw new IllegalStateException(NAME + " has no " + IMPLEMENTATIONS.get(type));
        }
        try {
            return type.cast(implementation.getConstructor().newInstance());
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
