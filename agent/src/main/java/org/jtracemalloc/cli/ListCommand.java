package org.jtracemalloc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", description = "List the running JVMs of this user that the tool can attach to (like jps).")
final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (RunningJvm jvm : AttachApi.list()) {
            out.println(jvm.pid() + " " + (jvm.displayName().isEmpty() ? "(no main class)" : jvm.displayName()));
        }
        return 0;
    }
}
