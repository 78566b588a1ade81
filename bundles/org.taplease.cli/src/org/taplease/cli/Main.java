package org.taplease.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

import org.taplease.core.TapException;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code taplease} command. */
public final class Main {

    public static void main(String[] args) {
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), TapServices::forPlatform,
                args);
        System.exit(code);
    }

    /** Runs the command with the given streams and service; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, Supplier<TapService> service, String... args) {
        CommandLine cl = commandLine(service);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The command line with its subcommands, as {@link #run} executes it (tests read its help from here). */
    public static CommandLine commandLine(Supplier<TapService> service) {
        CommandLine cl = new CommandLine(new TapleaseCommand(service));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("taplease: " + ex.getMessage() + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            err.flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (ex instanceof TapException te) {
                err.println("taplease: " + te.getMessage());
                err.flush();
                return ExitCodes.of(te.reason());
            }
            err.println("taplease: internal error: " + ex);
            err.flush();
            return ExitCodes.SYSTEM;
        });
        return cl;
    }

    /**
     * {@code taplease} or {@code taplease pool} without a command: the synopsis, the commands and where to read more,
     * on standard error; a usage error.
     */
    static int missingCommand(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        String heading = "Usage: ";
        err.println("taplease: missing command (see: " + spec.qualifiedName() + " --help)");
        err.print(heading + spec.commandLine().getHelp().synopsis(heading.length()));
        err.println("Commands: " + String.join(", ", spec.subcommands().keySet()));
        err.flush();
        return ExitCodes.USAGE;
    }

    private Main() {
    }
}
