package org.taplease.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import static org.taplease.cli.Specs.flag;
import static org.taplease.cli.Specs.isSet;

import org.taplease.core.Checkup;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code taplease doctor}. */
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {

    private final TapleaseCommand parent;
    final CommandSpec spec;

    private final OptionSpec json = flag("--json", "Print JSON for scripts.");

    DoctorCommand(TapleaseCommand parent) {
        this.parent = parent;
        spec = Specs.command("doctor", this, List.of(json),
                "Check this user's set-up, one line per check, with the exact fix.",
                "It checks /dev/net/tun, the tun driver, whether you can attach each pool's",
                "taps, stale hand-over locks, taps that look leaked, the declared pools and",
                "their unit, and the JDK. It changes nothing.");
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(Specs.exitCodes(
                ExitCodes.OK + ":no check failed (warnings allowed)", ExitCodes.UNHEALTHY + ":a check failed"));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Checkup c = parent.service().checkup();
        if (isSet(json)) {
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
