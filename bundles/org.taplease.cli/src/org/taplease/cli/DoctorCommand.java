package org.taplease.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.taplease.core.Checkup;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code taplease doctor}. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = { "Check this user's set-up, one line per check, with the exact fix.",
                "It checks /dev/net/tun, the tun driver, whether you can attach each pool's",
                "taps, stale hand-over locks, taps that look leaked, the declared pools and",
                "their unit, and the JDK. It changes nothing." },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = { ExitCodes.OK + ":no check failed (warnings allowed)",
                ExitCodes.UNHEALTHY + ":a check failed" })
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    TapleaseCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Checkup c = parent.service().checkup();
        if (json) {
            out.println(Json.checkup(c));
        } else {
            for (Checkup.Check k : c.checks()) {
                String status = k.status().name().toLowerCase(Locale.ROOT);
                out.println(String.format("%-4s  %s", status, k.summary()) + (k.fix() == null ? ""
                        : System.lineSeparator() + "      Fix: " + k.fix()));
            }
        }
        out.flush();
        return c.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
