package org.taplease.cli;

import java.util.function.Supplier;

import org.taplease.core.TapService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command. */
@Command(name = "taplease", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = { "Leases free tap interfaces: reuse a tap nobody has open, race-free, without root.", "" },
        footer = { "", "Exit codes: 0 ok, 64 usage, 65 not a tap, 66 not found, 69 no /dev/net/tun,",
                "70 system error, 75 busy, 76 pool exhausted, 77 permission, 78 a doctor check",
                "failed, 126/127 command not executable/not found; 'run' returns its command's",
                "status once the command has started." },
        subcommands = { ListCommand.class, RunCommand.class, PoolCommand.class, DoctorCommand.class })
public final class TapleaseCommand implements Runnable {

    final Supplier<TapService> service;
    private TapService instance;

    @Spec
    CommandSpec spec;

    TapleaseCommand(Supplier<TapService> service) {
        this.service = service;
    }

    synchronized TapService service() {
        if (instance == null) {
            instance = service.get();
        }
        return instance;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: list, run, pool or doctor");
    }
}
