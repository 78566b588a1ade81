package org.taplease.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.taplease.core.LeaseRequest;
import org.taplease.core.NameHandoff;
import org.taplease.core.TapException;
import org.taplease.core.TapLease;
import org.taplease.core.TapNetwork;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code taplease run}: lease a tap, start a command holding it as an open descriptor, wait, return its status. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = { "Lease a tap and start CMD with the attached tap as open descriptor N (default 3).",
                "{tap} and {fd} in ARGS are replaced; TAPLEASE_TAP and TAPLEASE_FD are set.",
                "The tap's network too: {host_ip}, {guest_ip}, {prefix}, {netmask} (a routed pool's member),",
                "{mac} (the guest's MAC, stable per tap); TAPLEASE_HOST_IP, TAPLEASE_GUEST_IP, TAPLEASE_PREFIX,",
                "TAPLEASE_NETMASK and TAPLEASE_MAC are set when the tap has them. A Linux guest configures",
                "itself with the kernel argument ip={guest_ip}::{host_ip}:{netmask}::eth0:off",
                "The tap stays attached from the lease until CMD (and whatever inherits the descriptor) exits.",
                "Example: taplease run --pool vms -- qemu-system-x86_64 ... -netdev tap,id=n0,fd={fd} ...",
                "For programs that open the tap by name (bhyve), --by-name passes only {tap}:",
                "  taplease run --pool vms --by-name -- bhyve ... -s 2:0,virtio-net,{tap} vm1" })
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    TapleaseCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--pool", paramLabel = "P", description = "Lease any free tap of pool P (default: ${DEFAULT-VALUE}).",
            defaultValue = LeaseRequest.DEFAULT_POOL)
    String pool;

    @Option(names = "--tap", paramLabel = "NAME", description = "Lease exactly this tap.")
    String tap;

    @Option(names = "--prefer", paramLabel = "NAME", description = "Try this tap first, then any free one of the pool.")
    String prefer;

    @Option(names = "--create", description = "Create a new tap in the pool when none is free (needs CAP_NET_ADMIN).")
    boolean create;

    @Option(names = "--template", paramLabel = "T",
            description = "Name template for --create: {pool} and %%d (default: ${DEFAULT-VALUE}).",
            defaultValue = LeaseRequest.DEFAULT_TEMPLATE)
    String template;

    @Option(names = "--fd", paramLabel = "N", description = "Descriptor number in CMD (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int fd;

    @Option(names = "--vnet-hdr", description = "Attach with IFF_VNET_HDR (for emulators that use virtio-net headers).")
    boolean vnetHdr;

    @Option(names = "--by-name", description = { "For programs that open the tap themselves and take no descriptor"
            + " (bhyve; QEMU's ifname=): lease a free tap, close the lease just before CMD starts, pass only {tap}.",
            "Until CMD has opened the tap (or --handoff-timeout), taplease's own allocators skip it; another program"
                    + " that opens it by name in that short window gets it first (see docs/freebsd.md)." })
    boolean byName;

    @Option(names = "--handoff-timeout", paramLabel = "S", defaultValue = "10",
            description = "With --by-name: seconds to wait for CMD to open the tap (default: ${DEFAULT-VALUE}).")
    int handoffTimeout;

    @Option(names = { "-v", "--verbose" }, description = "Say which tap was leased, on standard error.")
    boolean verbose;

    @Parameters(paramLabel = "CMD", arity = "1..*", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() {
        if (tap != null && (prefer != null || create || spec.commandLine().getParseResult().hasMatchedOption("--pool"))) {
            throw new ParameterException(spec.commandLine(), "--tap cannot be combined with --pool, --prefer or --create");
        }
        if (fd < 3 || fd > 1023) {
            throw new ParameterException(spec.commandLine(), "--fd must be from 3 to 1023, not " + fd);
        }
        if (byName && (spec.commandLine().getParseResult().hasMatchedOption("--fd") || vnetHdr
                || command.stream().anyMatch(a -> a.contains("{fd}")))) {
            throw new ParameterException(spec.commandLine(),
                    "--by-name passes no descriptor: use {tap} in CMD, not {fd}, --fd or --vnet-hdr");
        }
        if (handoffTimeout < 1 || handoffTimeout > 600) {
            throw new ParameterException(spec.commandLine(), "--handoff-timeout must be from 1 to 600 seconds");
        }
        LeaseRequest request = tap != null ? LeaseRequest.named(tap)
                : LeaseRequest.fromPool(pool).withPreferred(prefer).withCreate(create).withTemplate(template);
        request = request.withVnetHdr(vnetHdr);
        TapProcess child = byName ? startByName(request) : startWithDescriptor(request);
        Thread hook = new Thread(() -> {
            if (child.isAlive()) {
                child.terminate();
            }
        }, "taplease-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting anyway
        }
        return status;
    }

    /** The placeholders of the tap's network, in the order checked. */
    private static final List<String> NETWORK_PLACEHOLDERS = List.of("{host_ip}", "{guest_ip}", "{prefix}",
            "{netmask}", "{mac}");

    /**
     * CMD with {@code {tap}}, {@code {fd}} and the network's placeholders replaced. A network placeholder the tap
     * cannot fill is an error before anything starts.
     */
    private List<String> argv(String tapName, TapNetwork net) {
        boolean routed = net.routed();
        List<String> argv = new ArrayList<>(command.size());
        for (String a : command) {
            for (String p : NETWORK_PLACEHOLDERS) {
                if (a.contains(p) && ("{mac}".equals(p) ? net.guestMac() == null : !routed)) {
                    throw new TapException(TapException.Reason.INVALID_REQUEST, tapName, p + " in the command, but "
                            + tapName + " has " + ("{mac}".equals(p) ? "no MAC address" : "no routed network"
                                    + (net.hostAddress() != null ? " (its address " + net.hostAddress() + "/"
                                            + net.prefix() + " is not a /30 or /31 member block)" : "")),
                            "lease from a pool created with --subnet (sudo taplease pool create --name P --count N"
                                    + " --subnet 10.77.0.0/24), or drop " + p);
                }
            }
            String v = a.replace("{tap}", tapName).replace("{fd}", Integer.toString(fd));
            if (routed) {
                v = v.replace("{host_ip}", net.hostAddress()).replace("{guest_ip}", net.guestAddress())
                        .replace("{prefix}", Integer.toString(net.prefix())).replace("{netmask}", net.netmask());
            }
            if (net.guestMac() != null) {
                v = v.replace("{mac}", net.guestMac());
            }
            argv.add(v);
        }
        return argv;
    }

    /** TAPLEASE_HOST_IP, ... for what the tap has. */
    private static void environment(java.util.Map<String, String> env, TapNetwork net) {
        if (net.routed()) {
            env.put("TAPLEASE_HOST_IP", net.hostAddress());
            env.put("TAPLEASE_GUEST_IP", net.guestAddress());
            env.put("TAPLEASE_PREFIX", Integer.toString(net.prefix()));
            env.put("TAPLEASE_NETMASK", net.netmask());
        }
        if (net.bridge() != null) {
            env.put("TAPLEASE_BRIDGE", net.bridge());
        }
        if (net.guestMac() != null) {
            env.put("TAPLEASE_MAC", net.guestMac());
        }
    }

    /**
     * The hand-over by name (core's {@link NameHandoff}): the kernel picks a free tap, the lease closes, CMD starts,
     * and taplease's allocators keep off the tap until CMD (or anything) has it open, CMD exits, or the timeout
     * passes, whichever comes first.
     */
    private TapProcess startByName(LeaseRequest request) {
        try (NameHandoff handoff = parent.service().handOverByName(request)) {
            String name = handoff.name();
            TapNetwork net = handoff.network();
            TapProcessBuilder pb = new TapProcessBuilder(argv(name, net));
            pb.environment().put("TAPLEASE_TAP", name);
            environment(pb.environment(), net);
            if (handoff.pool() != null) {
                pb.environment().put("TAPLEASE_POOL", handoff.pool());
            }
            TapProcess child = pb.start();
            boolean opened = handoff.awaitOpened(child.asProcess(), Duration.ofSeconds(handoffTimeout));
            PrintWriter err = spec.commandLine().getErr();
            if (verbose) {
                err.println("taplease: handed " + name + (handoff.pool() != null ? " (pool " + handoff.pool() + ")" : "")
                        + " over by name to pid " + child.pid() + (opened ? "; it has the tap open" : ""));
            }
            if (!opened && child.isAlive()) {
                err.println("taplease: " + name + ": the command did not open the tap within " + handoffTimeout
                        + " s; taplease's allocators may hand it out again");
            }
            err.flush();
            return child;
        }
    }

    private TapProcess startWithDescriptor(LeaseRequest request) {
        TapProcess child;
        try (TapLease lease = parent.service().lease(request)) {
            TapNetwork net = lease.network();
            TapProcessBuilder pb = new TapProcessBuilder(argv(lease.name(), net)).passFd(lease.fd(), fd);
            pb.environment().put("TAPLEASE_TAP", lease.name());
            environment(pb.environment(), net);
            pb.environment().put("TAPLEASE_FD", Integer.toString(fd));
            String leasePool = lease.pool();
            if (leasePool != null) {
                pb.environment().put("TAPLEASE_POOL", leasePool);
            }
            child = pb.start();
            if (verbose) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("taplease: " + (lease.created() ? "created" : "leased") + " " + lease.name()
                        + (lease.pool() != null ? " (pool " + lease.pool() + ")" : "") + " as fd " + fd + " of pid "
                        + child.pid());
                err.flush();
            }
        } // our copy of the descriptor is closed here: the child alone holds the tap
        return child;
    }
}
