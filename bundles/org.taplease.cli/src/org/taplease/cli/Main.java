package org.taplease.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

import org.taplease.core.TapException;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code taplease} command. */
public final class Main {

    public static void main(String[] args) {
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), TapServices::forPlatform,
                args);
        System.exit(code);
    }

    /** The subcommands of {@code taplease}, in the order its help lists them. */
    static final List<String> COMMANDS = List.of("list", "run", "pool", "doctor", "help");

    /** Runs the command with the given streams and service; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, Supplier<TapService> service, String... args) {
        CommandLine cl = commandLine(service, args.length > 0 && !"help".equals(args[0]) && COMMANDS.contains(args[0])
                ? List.of(args[0])
                : COMMANDS);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The command line with all its subcommands (tests, man pages and completion read its help from here). */
    public static CommandLine commandLine(Supplier<TapService> service) {
        return commandLine(service, COMMANDS);
    }

    /**
     * The command line with the given subcommands of {@link #COMMANDS}. {@link #run} gives only the one its arguments
     * start with, if they do: the model of the commands it does not run (and picocli's own {@code help}, which picocli
     * reads from annotations) would cost each start of {@code taplease run} about 45 ms (docs/benchmarks.md). Anything
     * else (no command, an option such as {@code --help} first, {@code help}, a misspelt command) gets them all, for
     * the help, the command list and the suggestions.
     */
    static CommandLine commandLine(Supplier<TapService> service, List<String> commands) {
        TapleaseCommand top = new TapleaseCommand(service);
        CommandLine cl = new CommandLine(top.spec);
        for (String name : commands) {
            cl.addSubcommand(name, subcommand(name, top));
        }
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

    private static Object subcommand(String name, TapleaseCommand top) {
        return switch (name) {
        case "list" -> new ListCommand(top).spec;
        case "run" -> new RunCommand(top).spec;
        case "pool" -> new PoolCommand(top).spec;
        case "doctor" -> new DoctorCommand(top).spec;
        case "help" -> new HelpCommand();
        default -> throw new IllegalArgumentException("no taplease command " + name);
        };
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
