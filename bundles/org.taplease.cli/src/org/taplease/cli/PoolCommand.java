package org.taplease.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.taplease.cli.Specs.flag;
import static org.taplease.cli.Specs.isSet;
import static org.taplease.cli.Specs.number;
import static org.taplease.cli.Specs.option;
import static org.taplease.cli.Specs.optionWithDefault;
import static org.taplease.cli.Specs.required;
import static org.taplease.cli.Specs.text;

import org.taplease.core.Accounts;
import org.taplease.core.ApplyReport;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolNetwork;
import org.taplease.core.TapException;
import org.taplease.core.TapNames;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code taplease pool create|apply|list|delete}. */
final class PoolCommand implements java.util.concurrent.Callable<Integer> {

    private final TapleaseCommand parent;
    final CommandSpec spec;

    PoolCommand(TapleaseCommand parent) {
        this.parent = parent;
        spec = Specs.command("pool", this, List.of(),
                "Create, apply, list and delete pools of persistent taps.",
                "A pool's taps belong to a user or a group, who then lease them without",
                "privileges. A pool can carry a network: routed (an address block per tap)",
                "or bridged. create, apply and delete need root. Pools are declared in a",
                "directory, /etc/taplease/pools.d or $TAPLEASE_CONFIG_DIR if that is set,",
                "and 'pool apply' makes them again after a reboot.");
        spec.usageMessage().synopsisSubcommandLabel("COMMAND");
        spec.addSubcommand("create", new Create(this).spec);
        spec.addSubcommand("apply", new Apply(this).spec);
        spec.addSubcommand("list", new ListPools(this).spec);
        spec.addSubcommand("delete", new Delete(this).spec);
    }

    @Override
    public Integer call() {
        return Main.missingCommand(spec);
    }

    /** The configuration directory option of create, apply, list and delete (one per command). */
    static final class ConfigDir {
        final OptionSpec option = option("--config-dir", "DIR", Path.class, "Where pools are declared (default:"
                + " $TAPLEASE_CONFIG_DIR if set, or else /etc/taplease/pools.d).");

        Path get() {
            Path dir = option.getValue();
            return dir != null ? dir : PoolDeclarations.defaultDir();
        }
    }

    static final class Create implements Runnable {
        private final PoolCommand pool;
        final CommandSpec spec;

        private final OptionSpec name = required(option("--name", "P", String.class, "Pool name (1-11 characters)."));
        private final OptionSpec count = required(option("--count", "N", int.class,
                "How many taps the pool should have."));
        private final OptionSpec owner = option("--owner", "USER", String.class,
                "User (name or uid) allowed to attach.");
        private final OptionSpec group = option("--group", "GROUP", String.class,
                "Group (name or gid) allowed to attach.");
        private final OptionSpec template = optionWithDefault("--template", "T", String.class,
                LeaseRequest.DEFAULT_TEMPLATE,
                "Member names: {pool} is the pool's name, %%d the member's number (default: ${DEFAULT-VALUE}).");
        private final OptionSpec keepAddresses = flag("--keep-addresses", "Keep the taps up with their addresses while"
                + " nobody holds them. Linux always does; on FreeBSD this sets IFF_LINK0 (a closed tap otherwise goes"
                + " down).");
        private final OptionSpec subnet = option("--subnet", "CIDR", String.class, "Routed pool: member i gets the"
                + " i-th block of CIDR, such as 10.77.0.0/24: the host end's address on the tap, the guest end for the"
                + " guest.");
        private final OptionSpec memberPrefix = optionWithDefault("--member-prefix", "30|31", int.class, "30",
                "Size of each member's block with --subnet: 30 (default) or 31 (RFC 3021).");
        private final OptionSpec bridge = option("--bridge", "BR", String.class, "Bridged pool: every member joins the"
                + " existing bridge BR (taplease never creates, changes or deletes bridges).");
        private final OptionSpec mtu = option("--mtu", "M", Integer.class, "MTU of every member (68-65535).");
        private final OptionSpec noDeclare = flag("--no-declare",
                "Do not record the pool in the configuration directory.");
        private final ConfigDir config = new ConfigDir();

        Create(PoolCommand pool) {
            this.pool = pool;
            spec = Specs.command("create", this, List.of(name, count, owner, group, template, keepAddresses, subnet,
                    memberPrefix, bridge, mtu, noDeclare, config.option),
                    "Create a pool of persistent taps, or top one up, and declare it.",
                    "The taps carry taplease's label and belong to USER and/or GROUP, who lease",
                    "them without privileges. With --subnet, member i gets the i-th block of",
                    "CIDR: the host end's address on the tap, the guest end for the guest. With",
                    "--bridge, every member is a port of an existing bridge. The pool is",
                    "declared in the configuration directory, so that 'pool apply' makes it",
                    "again after a reboot.");
        }

        @Override
        public void run() {
            boolean noDeclare = isSet(this.noDeclare);
            PoolSpec want = new PoolSpec(text(name), number(count), Accounts.uid(text(owner)),
                    Accounts.gid(text(group)), text(template), isSet(keepAddresses),
                    new PoolNetwork(text(subnet), number(memberPrefix), text(bridge), mtu.getValue()));
            Path dir = config.get();
            want.requireValid(); // the options first, in their own words
            if (!noDeclare) {
                PoolDeclarations.check(dir, want); // every problem with the declaration shows before anything changes
            }
            PoolReport r = pool.parent.service().provisionPool(want);
            PrintWriter out = spec.commandLine().getOut();
            out.println("pool " + r.pool() + ": " + Plural.count(r.existing().size() + r.created().size(), "tap")
                    + (r.created().isEmpty() ? " (none created)" : ", created " + String.join(" ", r.created()))
                    + (r.existing().isEmpty() ? "" : "; already there: " + String.join(" ", r.existing())));
            r.notes().forEach(n -> out.println("note: " + n));
            if (!noDeclare) {
                Path file = PoolDeclarations.write(dir, want);
                out.println("declared in " + file + " ('taplease pool apply' restores it, e.g. after a reboot)");
            }
            out.flush();
        }
    }

    static final class Apply implements Runnable {
        private final PoolCommand pool;
        final CommandSpec spec;

        private final ConfigDir config = new ConfigDir();
        private final OptionSpec json = flag("--json", "Print JSON for scripts.");
        private final OptionSpec waitForBridges = optionWithDefault("--wait-for-bridges", "S", int.class, "0",
                "Wait up to S seconds for declared bridges to appear (at boot; default: ${DEFAULT-VALUE}).");

        Apply(PoolCommand pool) {
            this.pool = pool;
            spec = Specs.command("apply", this, List.of(config.option, json, waitForBridges),
                    "Make the system match every declared pool, at boot for instance.",
                    "It creates missing members; restores the address, MTU, bridge membership,",
                    "owner, group and MAC of labelled members; deletes free members beyond the",
                    "count (held ones are kept and listed). Everything is checked first, and a",
                    "failure part-way is undone. Interfaces without taplease's label are never",
                    "touched. taplease-pools.service runs it at boot.");
        }

        @Override
        public void run() {
            int waitForBridges = number(this.waitForBridges);
            if (waitForBridges < 0 || waitForBridges > 600) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--wait-for-bridges must be from 0 to 600 seconds");
            }
            Path dir = config.get();
            List<PoolDeclarations.Declaration> declared = PoolDeclarations.load(dir);
            List<PoolSpec> specs = declared.stream().map(PoolDeclarations.Declaration::spec).toList();
            awaitBridges(specs, waitForBridges);
            ApplyReport r = pool.parent.service().applyPools(specs);
            PrintWriter out = spec.commandLine().getOut();
            if (isSet(json)) {
                out.println(Json.applyReport(r));
                out.flush();
                return;
            }
            int members = 0;
            for (ApplyReport.Pool p : r.pools()) {
                PoolSpec s = specs.stream().filter(x -> x.name().equals(p.pool())).findFirst().orElseThrow();
                members += s.count();
                if (!p.created().isEmpty()) {
                    out.println("pool " + p.pool() + ": created " + String.join(" ", p.created()));
                }
                p.changed().forEach(c -> out.println("pool " + p.pool() + ": " + c));
                if (!p.removed().isEmpty()) {
                    out.println("pool " + p.pool() + ": deleted surplus " + String.join(" ", p.removed()));
                }
                for (PoolRemoval.Kept k : p.kept()) {
                    out.println("pool " + p.pool() + ": kept surplus " + k.name() + ", held by "
                            + (k.holders().isEmpty() ? "unknown holder"
                                    : String.join(", ", k.holders().stream().map(h -> h.describe()).toList())));
                }
                p.notes().forEach(n -> out.println("note: " + n));
            }
            if (specs.isEmpty()) {
                out.println("nothing to change: no pool is declared in " + dir);
            } else if (r.unchanged()) {
                out.println("nothing to change: " + Plural.count(specs.size(), "declared pool") + " ("
                        + Plural.count(members, "tap") + ") " + (specs.size() == 1 ? "matches its declaration" : "match their"
                                + " declarations") + " in " + dir);
            }
            out.flush();
        }

        /** Waits, up to {@code seconds}, until every bridge the declarations name exists. */
        private void awaitBridges(List<PoolSpec> specs, int seconds) {
            List<String> bridges = specs.stream().map(s -> s.network().bridge()).filter(b -> b != null).toList();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            for (String b : bridges) {
                while (System.nanoTime() - deadline < 0 && !exists(b)) {
                    try {
                        Thread.sleep(100); // polling an external event (a network service creating the bridge)
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        private static boolean exists(String name) {
            try {
                return java.net.NetworkInterface.getByName(name) != null;
            } catch (java.net.SocketException e) {
                return false;
            }
        }
    }

    static final class ListPools implements Runnable {
        private final PoolCommand pool;
        final CommandSpec spec;

        private final OptionSpec json = flag("--json", "Print JSON for scripts.");
        private final ConfigDir config = new ConfigDir();

        ListPools(PoolCommand pool) {
            this.pool = pool;
            spec = Specs.command("list", this, List.of(json, config.option),
                    "List the pools of this network namespace.");
        }

        @Override
        public void run() {
            List<PoolInfo> pools = pool.parent.service().pools();
            PrintWriter out = spec.commandLine().getOut();
            Map<String, PoolSpec> declared = new HashMap<>();
            try {
                PoolDeclarations.load(config.get()).forEach(d -> declared.put(d.spec().name(), d.spec()));
            } catch (TapException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("taplease: the declarations are not shown: " + e.getMessage());
                err.flush();
            }
            if (isSet(json)) {
                out.println(Json.pools(pools, declared));
            } else if (pools.isEmpty()) {
                out.println("No pools. Create one once as root: sudo taplease pool create --name taplease --count 4"
                        + " --owner $USER");
            } else {
                Table t = new Table("POOL", "TAPS", "FREE", "HELD", "OWNER", "GROUP", "NETWORK", "MEMBERS")
                        .right(1, 2, 3);
                for (PoolInfo p : pools) {
                    t.add(p.name(), Integer.toString(p.members().size()), Integer.toString(p.free()),
                            Integer.toString(p.held()), Accounts.user(p.owner()), Accounts.group(p.group()),
                            network(p, declared.get(p.name())), abbreviate(p.members()));
                }
                t.print(out);
            }
            out.flush();
        }

        /** {@code 10.77.0.0/24}, {@code bridge br0}, {@code -}; with the MTU if it is not 1500. */
        private static String network(PoolInfo p, PoolSpec declared) {
            String net;
            if (declared != null && declared.network().subnet() != null) {
                net = declared.network().subnet();
            } else if (p.bridge() != null) {
                net = "bridge " + p.bridge();
            } else if (p.routed() > 0) {
                net = "routed";
            } else {
                net = "-";
            }
            return p.mtu() != null && p.mtu() != 1500 ? net + " mtu " + p.mtu() : net;
        }

        private static String abbreviate(List<String> members) {
            if (members.size() <= 6) {
                return String.join(" ", members);
            }
            return String.join(" ", members.subList(0, 3)) + " ... " + members.get(members.size() - 1);
        }
    }

    static final class Delete implements java.util.concurrent.Callable<Integer> {
        private final PoolCommand pool;
        final CommandSpec spec;

        private final OptionSpec name = required(option("--name", "P", String.class, "Pool name."));
        private final ConfigDir config = new ConfigDir();

        Delete(PoolCommand pool) {
            this.pool = pool;
            spec = Specs.command("delete", this, List.of(name, config.option),
                    "Delete the free taps of a pool, and its declaration.",
                    "Held taps are kept and listed. Only taps that carry taplease's pool label",
                    "are ever deleted.");
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(Specs.exitCodes(
                    ExitCodes.OK + ":the pool is gone", ExitCodes.BUSY + ":held taps were kept (listed)"));
        }

        @Override
        public Integer call() {
            String name = text(this.name);
            TapNames.requireValidPool(name);
            Path dir = config.get();
            PrintWriter out = spec.commandLine().getOut();
            PoolRemoval r;
            try {
                r = pool.parent.service().removePool(name);
            } catch (TapException e) {
                // a declared pool whose taps are gone (e.g. before 'pool apply' after a reboot): only the declaration
                if (e.reason() == TapException.Reason.NOT_FOUND && PoolDeclarations.delete(dir, name)) {
                    out.println("pool " + name + ": no taps here; deleted its declaration in " + dir);
                    out.flush();
                    return ExitCodes.OK;
                }
                throw e;
            }

            out.println("pool " + r.pool() + ": deleted " + (r.deleted().isEmpty() ? "nothing" : String.join(" ", r.deleted())));
            for (PoolRemoval.Kept k : r.kept()) {
                out.println("kept " + k.name() + ": held by " + (k.holders().isEmpty() ? "unknown holder"
                        : String.join(", ", k.holders().stream().map(h -> h.describe()).toList())));
            }
            if (PoolDeclarations.delete(dir, name)) {
                out.println("pool " + name + ": deleted its declaration in " + dir);
            }
            out.flush();
            return r.kept().isEmpty() ? ExitCodes.OK : ExitCodes.BUSY;
        }
    }
}
