package org.taplease.cli;

import java.io.PrintWriter;
import java.util.List;

import static org.taplease.cli.Specs.flag;
import static org.taplease.cli.Specs.isSet;
import static org.taplease.cli.Specs.option;
import static org.taplease.cli.Specs.text;

import org.taplease.core.Accounts;
import org.taplease.core.Checkup;
import org.taplease.core.TapInfo;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code taplease list}, and {@code list --watch}: the taps now, then one line per change as the kernel reports it. */
final class ListCommand implements Runnable {

    private final TapleaseCommand parent;
    final CommandSpec spec;

    private final OptionSpec json = flag("--json", "Print JSON for scripts.");
    private final OptionSpec noHolders = flag("--no-holders", "Do not look up holding processes (faster).");
    private final OptionSpec watch = flag("--watch",
            "Keep running: print each change of a tap as the kernel announces it.");
    private final OptionSpec pool = option("--pool", "POOL", String.class, "Only the taps of this pool.");

    ListCommand(TapleaseCommand parent) {
        this.parent = parent;
        spec = Specs.command("list", this, List.of(json, noHolders, watch, pool),
                "List the taps of this network namespace: who holds them, their pools.",
                "Columns: state, holder, pool, owner, MAC, MTU, network, link, packets.",
                "",
                "With --watch: one line per tap present, then one line per change as the",
                "kernel announces it: TIME NAME EVENT STATE, where EVENT is added, removed,",
                "attached (with the holder), detached or changed (with what changed). It",
                "runs until Ctrl-C or SIGTERM (exit status 0) and uses no CPU while nothing",
                "changes. With --json too: one JSON object per line with the keys time,",
                "event, resync and tap (as in list --json).");
    }

    @Override
    public void run() {
        boolean json = isSet(this.json);
        boolean noHolders = isSet(this.noHolders);
        String pool = text(this.pool);
        PrintWriter out = spec.commandLine().getOut();
        if (isSet(watch)) {
            new ListWatch(parent.service(), out, json, noHolders, pool).run();
            return;
        }
        List<TapInfo> taps = parent.service().inventory(!noHolders);
        if (pool != null) {
            taps = taps.stream().filter(t -> pool.equals(t.pool())).toList();
        }
        if (json) {
            out.println(Json.taps(taps));
            out.flush();
            return;
        }
        if (taps.isEmpty()) {
            out.println(Checkup.NO_TAPS + " " + Checkup.FIRST_POOL_COMMAND);
            out.flush();
            return;
        }
        Table t = new Table("NAME", "STATE", "HOLDER", "POOL", "OWNER", "MAC", "MTU", "NETWORK", "LINK", "RX-PKTS",
                "TX-PKTS").right(6, 9, 10);
        for (TapInfo i : taps) {
            t.add(i.name(), state(i), holder(i, noHolders), i.pool() == null ? "-" : i.pool(), owner(i),
                    i.mac(), Integer.toString(i.mtu()), network(i), link(i), Long.toString(i.stats().rxPackets()),
                    Long.toString(i.stats().txPackets()));
        }
        t.print(out);
        out.flush();
    }

    /** "held", "free", or for a free multi-queue tap "multi-queue (not leasable)", as the Tap Devices view says. */
    static String state(TapInfo i) {
        return i.attached() ? "held" : !i.leasable() ? "multi-queue (not leasable)" : i.looksLeaked() ? "leaked?" : "free";
    }

    static String holder(TapInfo i, boolean noHolders) {
        if (!i.attached()) {
            return "-";
        }
        if (i.holders().isEmpty()) {
            return noHolders ? "?" : "unknown holder";
        }
        StringBuilder b = new StringBuilder();
        i.holders().forEach(h -> b.append(b.length() > 0 ? ", " : "").append(h.describe()));
        return b.toString();
    }

    static String owner(TapInfo i) {
        if (i.owner() == null && i.group() == null) {
            return "-";
        }
        return (i.owner() == null ? "" : Accounts.user(i.owner())) + (i.group() == null ? "" : ":" + Accounts.group(i.group()));
    }

    private static String link(TapInfo i) {
        if (!i.adminUp()) {
            return "down";
        }
        return i.carrier() ? "up" : "no-carrier";
    }

    /** {@code 10.77.0.1/30}, {@code br0 (3 ports)} (the bridge and its port count) or {@code -}. */
    static String network(TapInfo i) {
        if (i.network().hostAddress() != null) {
            return i.network().hostAddress() + "/" + i.network().prefix();
        }
        if (i.network().bridge() == null) {
            return "-";
        }
        int ports = i.network().bridgePorts();
        return i.network().bridge() + (ports > 0 ? " (" + Plural.count(ports, "port") + ")" : "");
    }
}
