package org.taplease.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.taplease.core.TapService;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The top-level command; {@link Main} adds its subcommands ({@link Main#COMMANDS}). Every line of the help texts is
 * written to fit 80 columns as it is, so that picocli wraps none of them (its wrapping may break a word at a '.', '/',
 * '%' or '{'); {@code HelpTextTest} checks every command.
 */
public final class TapleaseCommand implements Callable<Integer> {

    final Supplier<TapService> service;
    private TapService instance;

    final CommandSpec spec;

    TapleaseCommand(Supplier<TapService> service) {
        this.service = service;
        spec = Specs.command("taplease", this, List.of(),
                "Leases free tap interfaces: a tap nobody has open, race-free, without root.", "");
        spec.usageMessage().synopsisSubcommandLabel("COMMAND").exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(Specs.exitCodes(ExitCodes.OK + ":ok",
                        ExitCodes.USAGE + ":bad usage: unknown option, missing argument, invalid name or count",
                        ExitCodes.NOT_A_TAP + ":not a tap: a tun device, a multi-queue tap, or no tun device at all",
                        ExitCodes.NOT_FOUND + ":no such interface, or no such pool",
                        ExitCodes.UNAVAILABLE + ":no /dev/net/tun, or no backend for this system",
                        ExitCodes.SYSTEM + ":another system call failed",
                        ExitCodes.BUSY + ":the tap is held (pool delete: held taps were kept)",
                        ExitCodes.EXHAUSTED + ":every tap of the pool is held",
                        ExitCodes.PERMISSION + ":not allowed: /dev/net/tun, an owned tap, no CAP_NET_ADMIN",
                        ExitCodes.UNHEALTHY + ":doctor: a check failed",
                        ExitCodes.CANNOT_EXECUTE + ":run: the command is not executable",
                        ExitCodes.COMMAND_NOT_FOUND + ":run: the command was not found"))
                .footer("Once its command has started, run returns the command's exit status.", "",
                        "'taplease help COMMAND' or 'taplease COMMAND --help' says more.");
    }

    synchronized TapService service() {
        if (instance == null) {
            instance = service.get();
        }
        return instance;
    }

    @Override
    public Integer call() {
        return Main.missingCommand(spec);
    }
}
