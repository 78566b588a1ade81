package org.taplease.cli;

import java.io.PrintWriter;
import java.util.List;

import org.taplease.core.Accounts;
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

/** {@code taplease pool create|list|delete}. */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "Provision, list and remove pools of persistent taps (create/delete need root once).",
        subcommands = { PoolCommand.Create.class, PoolCommand.ListPools.class, PoolCommand.Delete.class })
final class PoolCommand implements Runnable {

    @ParentCommand
    TapleaseCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: create, list or delete");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = { "Create (or top up to COUNT) a pool of persistent taps labelled as taplease's,",
                    "owned by USER and/or GROUP so they lease them without privileges." })
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
                description = "Member name template: {pool} and %%d (default: ${DEFAULT-VALUE}).")
        String template;

        @Option(names = "--keep-addresses", description = { "Keep the taps up with their addresses while nobody holds"
                + " them. Linux always does; on FreeBSD this sets IFF_LINK0 (a closed tap otherwise goes down)." })
        boolean keepAddresses;

        @Override
        public void run() {
            PoolReport r = pool.parent.service().provisionPool(new PoolSpec(name, count, Accounts.uid(owner),
                    Accounts.gid(group), template, keepAddresses));
            PrintWriter out = spec.commandLine().getOut();
            out.println("pool " + r.pool() + ": " + (r.existing().size() + r.created().size()) + " taps"
                    + (r.created().isEmpty() ? " (none created)" : ", created " + String.join(" ", r.created()))
                    + (r.existing().isEmpty() ? "" : "; already there: " + String.join(" ", r.existing())));
            r.notes().forEach(n -> out.println("note: " + n));
            out.flush();
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

        @Override
        public void run() {
            List<PoolInfo> pools = pool.parent.service().pools();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.pools(pools));
            } else if (pools.isEmpty()) {
                out.println("No pools. Create one once as root: sudo taplease pool create --name taplease --count 4"
                        + " --owner $USER");
            } else {
                Table t = new Table("POOL", "TAPS", "FREE", "HELD", "OWNER", "GROUP", "MEMBERS").right(1, 2, 3);
                for (PoolInfo p : pools) {
                    t.add(p.name(), Integer.toString(p.members().size()), Integer.toString(p.free()),
                            Integer.toString(p.held()), Accounts.user(p.owner()), Accounts.group(p.group()),
                            abbreviate(p.members()));
                }
                t.print(out);
            }
            out.flush();
        }

        private static String abbreviate(List<String> members) {
            if (members.size() <= 6) {
                return String.join(" ", members);
            }
            return String.join(" ", members.subList(0, 3)) + " ... " + members.get(members.size() - 1);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = { "Delete the free taps of a pool. Held taps are kept and listed (exit code 75).",
                    "Only taps carrying taplease's pool label are ever deleted." })
    static final class Delete implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        PoolCommand pool;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, paramLabel = "P", description = "Pool name.")
        String name;

        @Override
        public Integer call() {
            PoolRemoval r = pool.parent.service().removePool(name);
            PrintWriter out = spec.commandLine().getOut();
            out.println("pool " + r.pool() + ": deleted " + (r.deleted().isEmpty() ? "nothing" : String.join(" ", r.deleted())));
            for (PoolRemoval.Kept k : r.kept()) {
                out.println("kept " + k.name() + ": held by " + (k.holders().isEmpty() ? "unknown holder"
                        : String.join(", ", k.holders().stream().map(h -> h.describe()).toList())));
            }
            out.flush();
            return r.kept().isEmpty() ? ExitCodes.OK : ExitCodes.BUSY;
        }
    }
}
