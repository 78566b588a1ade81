package org.taplease.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.taplease.cli.Specs.arguments;
import static org.taplease.cli.Specs.flag;
import static org.taplease.cli.Specs.isSet;
import static org.taplease.cli.Specs.number;
import static org.taplease.cli.Specs.option;
import static org.taplease.cli.Specs.optionWithDefault;
import static org.taplease.cli.Specs.text;

import org.taplease.core.LeaseRequest;
import org.taplease.core.NameHandoff;
import org.taplease.core.TapException;
import org.taplease.core.TapLease;
import org.taplease.core.TapNetwork;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/** {@code taplease run}: lease a tap, start a command holding it as an open descriptor, wait, return its status. */
public final class RunCommand implements java.util.concurrent.Callable<Integer> {

    private final TapleaseCommand parent;
    final CommandSpec spec;

    private final OptionSpec pool = optionWithDefault("--pool", "P", String.class, LeaseRequest.DEFAULT_POOL,
            "Lease any free tap of pool P (default: ${DEFAULT-VALUE}).");
    private final OptionSpec tap = option("--tap", "NAME", String.class, "Lease exactly this tap.");
    private final OptionSpec prefer = option("--prefer", "NAME", String.class,
            "Try this tap first, then any free one of the pool.");
    private final OptionSpec create = flag("--create",
            "Create a new tap in the pool when none is free (needs CAP_NET_ADMIN).");
    private final OptionSpec template = optionWithDefault("--template", "T", String.class,
            LeaseRequest.DEFAULT_TEMPLATE,
            "Name template for --create; {pool} is the pool's name, %%d the member's number"
                    + " (default: ${DEFAULT-VALUE}).");
    private final OptionSpec fd = optionWithDefault("--fd", "N", int.class, "3",
            "Descriptor number in CMD (default: ${DEFAULT-VALUE}).");
    private final OptionSpec vnetHdr = flag("--vnet-hdr",
            "Attach with IFF_VNET_HDR (for emulators that use virtio-net headers).");
    private final OptionSpec byName = flag("--by-name", "For programs that open the tap by name and take no descriptor"
            + " (bhyve, QEMU's ifname=): pass only {tap}. The lease ends just before CMD starts; taplease's own"
            + " allocators skip the tap until CMD has opened it (or --handoff-timeout passes), but a program outside"
            + " taplease could take it in that moment.");
    private final OptionSpec handoffTimeout = optionWithDefault("--handoff-timeout", "S", int.class, "10",
            "With --by-name: seconds to wait for CMD to open the tap (default: ${DEFAULT-VALUE}).");
    private final OptionSpec verbose = flag(new String[] { "-v", "--verbose" },
            "Say which tap was leased, on standard error.");
    private final PositionalParamSpec command = arguments("CMD", "The command and its arguments.");

    RunCommand(TapleaseCommand parent) {
        this.parent = parent;
        spec = Specs.command("run", this,
                List.of(pool, tap, prefer, create, template, fd, vnetHdr, byName, handoffTimeout, verbose),
                "Lease a free tap and start a command that holds it.",
                "CMD gets the tap attached as open descriptor N (--fd, default 3), so no other",
                "program can take it; the lease ends when CMD and whatever inherits the",
                "descriptor have exited. run returns CMD's exit status; if run is terminated,",
                "it terminates CMD.");
        spec.usageMessage().footer("", "Placeholders in CMD's arguments, variables in its environment:",
                "  {tap}       TAPLEASE_TAP       the leased tap's name, such as vms0",
                "  {fd}        TAPLEASE_FD        its descriptor number in CMD (not --by-name)",
                "  -           TAPLEASE_POOL      the tap's pool, if it is a pool's member",
                "  {host_ip}   TAPLEASE_HOST_IP   the tap's address: the host end (*)",
                "  {guest_ip}  TAPLEASE_GUEST_IP  the guest's address beside it (*)",
                "  {prefix}    TAPLEASE_PREFIX    the prefix length of both, 30 or 31 (*)",
                "  {netmask}   TAPLEASE_NETMASK   that prefix as a netmask, 255.255.255.252 (*)",
                "  -           TAPLEASE_BRIDGE    the bridge the tap is a port of",
                "  {mac}       TAPLEASE_MAC       a MAC for the guest's NIC, stable per tap",
                "(*) a routed pool's member only (pool create --subnet). A placeholder the",
                "tap cannot fill is an error before anything starts. A Linux guest",
                "configures its network from the kernel argument",
                "  ip={guest_ip}::{host_ip}:{netmask}::eth0:off",
                "",
                "Examples:",
                "  taplease run --pool vms -- qemu-system-x86_64 ... \\",
                "      -netdev tap,id=n0,fd={fd} -device virtio-net-pci,netdev=n0,mac={mac}",
                "  taplease run --pool vms --by-name -- bhyve ... -s 2:0,virtio-net,{tap} vm1");
        spec.addPositional(command);
    }

    /** CMD and its arguments, as given. */
    private List<String> command() {
        return command.getValue();
    }

    @Override
    public Integer call() {
        String tap = text(this.tap);
        String prefer = text(this.prefer);
        boolean create = isSet(this.create);
        boolean byName = isSet(this.byName);
        boolean vnetHdr = isSet(this.vnetHdr);
        int fd = number(this.fd);
        int handoffTimeout = number(this.handoffTimeout);
        if (tap != null && (prefer != null || create || spec.commandLine().getParseResult().hasMatchedOption("--pool"))) {
            throw new ParameterException(spec.commandLine(), "--tap cannot be combined with --pool, --prefer or --create");
        }
        if (fd < 3 || fd > 1023) {
            throw new ParameterException(spec.commandLine(), "--fd must be from 3 to 1023, not " + fd);
        }
        if (byName && (spec.commandLine().getParseResult().hasMatchedOption("--fd") || vnetHdr
                || command().stream().anyMatch(a -> a.contains("{fd}")))) {
            throw new ParameterException(spec.commandLine(),
                    "--by-name passes no descriptor: use {tap} in CMD, not {fd}, --fd or --vnet-hdr");
        }
        if (handoffTimeout < 1 || handoffTimeout > 600) {
            throw new ParameterException(spec.commandLine(), "--handoff-timeout must be from 1 to 600 seconds");
        }
        LeaseRequest request = tap != null ? LeaseRequest.named(tap)
                : LeaseRequest.fromPool(text(pool)).withPreferred(prefer).withCreate(create)
                        .withTemplate(text(template));
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

    /**
     * What {@code run} puts into CMD's arguments (a placeholder) and its environment (a variable), each with the value
     * it holds. Every value passes through {@link #values}: a new one is a new constant here, and {@code run --help}
     * names every constant (a test checks).
     */
    public enum Variable {
        TAP("{tap}", "TAPLEASE_TAP"),
        FD("{fd}", "TAPLEASE_FD"),
        POOL(null, "TAPLEASE_POOL"),
        HOST_IP("{host_ip}", "TAPLEASE_HOST_IP"),
        GUEST_IP("{guest_ip}", "TAPLEASE_GUEST_IP"),
        PREFIX("{prefix}", "TAPLEASE_PREFIX"),
        NETMASK("{netmask}", "TAPLEASE_NETMASK"),
        BRIDGE(null, "TAPLEASE_BRIDGE"),
        MAC("{mac}", "TAPLEASE_MAC");

        private final String placeholder;
        private final String environment;

        Variable(String placeholder, String environment) {
            this.placeholder = placeholder;
            this.environment = environment;
        }

        /** The placeholder replaced in CMD's arguments, or null if there is none. */
        public String placeholder() {
            return placeholder;
        }

        /** The environment variable set for CMD. */
        public String environment() {
            return environment;
        }

        /** Whether the value comes from a routed pool's member network. */
        boolean routedOnly() {
            return this == HOST_IP || this == GUEST_IP || this == PREFIX || this == NETMASK;
        }
    }

    /** The values this lease gives, in {@link Variable}'s order; absent what the tap does not have. */
    private static java.util.Map<Variable, String> values(String tapName, Integer descriptor, String pool,
            TapNetwork net) {
        java.util.Map<Variable, String> v = new java.util.EnumMap<>(Variable.class);
        v.put(Variable.TAP, tapName);
        if (descriptor != null) {
            v.put(Variable.FD, Integer.toString(descriptor));
        }
        if (pool != null) {
            v.put(Variable.POOL, pool);
        }
        if (net.routed()) {
            v.put(Variable.HOST_IP, net.hostAddress());
            v.put(Variable.GUEST_IP, net.guestAddress());
            v.put(Variable.PREFIX, Integer.toString(net.prefix()));
            v.put(Variable.NETMASK, net.netmask());
        }
        if (net.bridge() != null) {
            v.put(Variable.BRIDGE, net.bridge());
        }
        if (net.guestMac() != null) {
            v.put(Variable.MAC, net.guestMac());
        }
        return v;
    }

    /**
     * CMD with the placeholders replaced. A network placeholder the tap cannot fill is an error before anything
     * starts.
     */
    private List<String> argv(String tapName, TapNetwork net, java.util.Map<Variable, String> values) {
        List<String> argv = new ArrayList<>(command().size());
        for (String a : command()) {
            for (Variable p : Variable.values()) {
                if (p.placeholder() != null && (p == Variable.MAC || p.routedOnly()) && a.contains(p.placeholder())
                        && !values.containsKey(p)) {
                    throw new TapException(TapException.Reason.INVALID_REQUEST, tapName, p.placeholder()
                            + " in the command, but " + tapName + " has " + (p == Variable.MAC ? "no MAC address"
                                    : "no routed network" + (net.hostAddress() != null ? " (its address "
                                            + net.hostAddress() + "/" + net.prefix()
                                            + " is not a /30 or /31 member block)" : "")),
                            "lease from a pool created with --subnet (sudo taplease pool create --name P --count N"
                                    + " --subnet 10.77.0.0/24), or drop " + p.placeholder());
                }
            }
            String v = a;
            for (java.util.Map.Entry<Variable, String> e : values.entrySet()) {
                if (e.getKey().placeholder() != null) {
                    v = v.replace(e.getKey().placeholder(), e.getValue());
                }
            }
            argv.add(v);
        }
        return argv;
    }

    /** A process builder for CMD: placeholders replaced, every value in its environment. */
    private TapProcessBuilder builder(String tapName, TapNetwork net, java.util.Map<Variable, String> values) {
        TapProcessBuilder pb = new TapProcessBuilder(argv(tapName, net, values));
        values.forEach((k, v) -> pb.environment().put(k.environment(), v));
        return pb;
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
            TapProcessBuilder pb = builder(name, net, values(name, null, handoff.pool(), net));
            TapProcess child = pb.start();
            int handoffTimeout = number(this.handoffTimeout);
            boolean opened = handoff.awaitOpened(child.asProcess(), Duration.ofSeconds(handoffTimeout));
            PrintWriter err = spec.commandLine().getErr();
            if (isSet(verbose)) {
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
        int fd = number(this.fd);
        TapProcess child;
        try (TapLease lease = parent.service().lease(request)) {
            TapNetwork net = lease.network();
            TapProcessBuilder pb = builder(lease.name(), net, values(lease.name(), fd, lease.pool(), net))
                    .passFd(lease.fd(), fd);
            child = pb.start();
            if (isSet(verbose)) {
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
