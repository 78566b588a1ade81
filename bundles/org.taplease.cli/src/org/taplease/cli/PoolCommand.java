package org.taplease.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code taplease pool create|apply|list|delete}. */
@Command(name = "pool", mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "COMMAND",
        description = { "Create, apply, list and delete pools of persistent taps.",
                "A pool's taps belong to a user or a group, who then lease them without",
                "privileges. A pool can carry a network: routed (an address block per tap)",
                "or bridged. create, apply and delete need root. Pools are declared in a",
                "directory, /etc/taplease/pools.d or $TAPLEASE_CONFIG_DIR if that is set,",
                "and 'pool apply' makes them again after a reboot." },
        subcommands = { PoolCommand.Create.class, PoolCommand.Apply.class, PoolCommand.ListPools.class,
                PoolCommand.Delete.class })
final class PoolCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    TapleaseCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return Main.missingCommand(spec);
    }

    /** The configuration directory option of create, apply and delete. */
    static final class ConfigDir {
        @Option(names = "--config-dir", paramLabel = "DIR", description = { "Where pools are declared (default:"
                + " $TAPLEASE_CONFIG_DIR if set, or else /etc/taplease/pools.d)." })
        Path dir;

        Path get() {
            return dir != null ? dir : PoolDeclarations.defaultDir();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = { "Create a pool of persistent taps, or top one up, and declare it.",
                    "The taps carry taplease's label and belong to USER and/or GROUP, who lease",
                    "them without privileges. With --subnet, member i gets the i-th block of",
                    "CIDR: the host end's address on the tap, the guest end for the guest. With",
                    "--bridge, every member is a port of an existing bridge. The pool is",
                    "declared in the configuration directory, so that 'pool apply' makes it",
                    "again after a reboot." })
    static final class Create implements Runnable {
        @ParentCommand
        PoolCommand pool;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "P", description = "Pool name (1-11 characters).")
        String name;

        @Option(names = "--count", required = true, paramLabel = "N", description = "How many taps the pool should have.")
        int count;

        @Option(names = "--owner", paramLabel = "USER", description = "User (name or uid) allowed to attach.")
        String owner;

        @Option(names = "--group", paramLabel = "GROUP", description = "Group (name or gid) allowed to attach.")
        String group;

        @Option(names = "--template", paramLabel = "T", defaultValue = LeaseRequest.DEFAULT_TEMPLATE,
                description = "Member names: {pool} is the pool's name, %%d the member's number (default: ${DEFAULT-VALUE}).")
        String template;

        @Option(names = "--keep-addresses", description = { "Keep the taps up with their addresses while nobody holds"
                + " them. Linux always does; on FreeBSD this sets IFF_LINK0 (a closed tap otherwise goes down)." })
        boolean keepAddresses;

        @Option(names = "--subnet", paramLabel = "CIDR", description = { "Routed pool: member i gets the i-th block"
                + " of CIDR, such as 10.77.0.0/24: the host end's address on the tap, the guest end for the guest." })
        String subnet;

        @Option(names = "--member-prefix", paramLabel = "30|31", defaultValue = "30",
                description = "Size of each member's block with --subnet: 30 (default) or 31 (RFC 3021).")
        int memberPrefix;

        @Option(names = "--bridge", paramLabel = "BR", description = { "Bridged pool: every member joins the existing"
                + " bridge BR (taplease never creates, changes or deletes bridges)." })
        String bridge;

        @Option(names = "--mtu", paramLabel = "M", description = "MTU of every member (68-65535).")
        Integer mtu;

        @Option(names = "--no-declare", description = "Do not record the pool in the configuration directory.")
        boolean noDeclare;

        @picocli.CommandLine.Mixin
        ConfigDir config;

        @Override
        public void run() {
            PoolSpec want = new PoolSpec(name, count, Accounts.uid(owner), Accounts.gid(group), template,
                    keepAddresses, new PoolNetwork(subnet, memberPrefix, bridge, mtu));
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

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = { "Make the system match every declared pool, at boot for instance.",
                    "It creates missing members; restores the address, MTU, bridge membership,",
                    "owner, group and MAC of labelled members; deletes free members beyond the",
                    "count (held ones are kept and listed). Everything is checked first, and a",
                    "failure part-way is undone. Interfaces without taplease's label are never",
                    "touched. taplease-pools.service runs it at boot." })
    static final class Apply implements Runnable {
        @ParentCommand
        PoolCommand pool;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        ConfigDir config;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @Option(names = "--wait-for-bridges", paramLabel = "S", defaultValue = "0",
                description = "Wait up to S seconds for declared bridges to appear (at boot; default: ${DEFAULT-VALUE}).")
        int waitForBridges;

        @Override
        public void run() {
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
            if (json) {
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pools of this network namespace.")
    static final class ListPools implements Runnable {
        @ParentCommand
        PoolCommand pool;

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON for scripts.")
        boolean json;

        @picocli.CommandLine.Mixin
        ConfigDir config;

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
            if (json) {
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

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = { "Delete the free taps of a pool, and its declaration.",
                    "Held taps are kept and listed. Only taps that carry taplease's pool label",
                    "are ever deleted." },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = { ExitCodes.OK + ":the pool is gone",
                    ExitCodes.BUSY + ":held taps were kept (listed)" })
    static final class Delete implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        PoolCommand pool;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "P", description = "Pool name.")
        String name;

        @picocli.CommandLine.Mixin
        ConfigDir config;

        @Override
        public Integer call() {
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
