package org.jtracemalloc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command-line tool of the agent jar ({@code java -jar jtracemalloc-agent.jar COMMAND}).
 *
 * <p>Exit codes: 0 success, 1 the command failed (one line on stderr), 2 wrong usage.
 */
@Command(
        name = "jtracemalloc",
        description = "Traces the memory allocations of a running JVM, like Python's tracemalloc.%n"
                + "Run it as: java -jar jtracemalloc-agent.jar COMMAND ...",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            ListCommand.class,
            StartCommand.class,
            StatusCommand.class,
            SnapshotCommand.class,
            StopCommand.class,
            TopCommand.class,
            DiffCommand.class,
            CollapsedCommand.class,
            PprofCommand.class,
            FlamegraphCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command failed", "2:wrong usage, or a missing or unreadable input file"})
public final class Main implements Callable<Integer> {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    boolean help;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace too.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** Without a command, the usage is the answer, on stderr since nothing was done. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line, printing to {@code out} and {@code err}, and returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        Main main = new Main();
        CommandLine commandLine = new CommandLine(main)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(Main::usageError)
                .setExecutionExceptionHandler((failure, command, parseResult) -> {
                    if (failure instanceof ParameterException) {
                        // a command found its arguments wrong only after parsing them
                        return usageError((ParameterException) failure, args);
                    }
                    // the inherited --verbose lands in this (the top) command's field
                    if (failure instanceof CommandFailedException) {
                        err.println("jtracemalloc: " + failure.getMessage());
                    } else {
                        err.println("jtracemalloc: unexpected failure: " + failure);
                    }
                    if (main.verbose) {
                        failure.printStackTrace(err);
                    }
                    err.flush();
                    return failure instanceof UnusableInputException ? USAGE : FAILURE;
                });
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    private static int usageError(ParameterException problem, String[] args) {
        CommandSpec spec = problem.getCommandLine().getCommandSpec();
        String command = spec.qualifiedName();
        String message = problem.getMessage();
        if (problem instanceof UnmatchedArgumentException && spec.parent() == null) {
            String first = ((UnmatchedArgumentException) problem).getUnmatched().get(0);
            if (!first.startsWith("-")) {
                message = "unknown command '" + first + "'";
            }
        }
        PrintWriter err = problem.getCommandLine().getErr();
        err.println(command + ": " + message + " (see '" + command + " --help')");
        err.flush();
        return USAGE;
    }
}
