package org.taplease.debug.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.IStatusHandler;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;
import org.taplease.core.TapException;
import org.taplease.core.TapLease;
import org.taplease.core.TapNetwork;
import org.taplease.core.TapService;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.LaunchErrors;
import org.taplease.debug.core.NicSpec;

/**
 * The common launch sequence of taplease's launch types: validate everything first (nothing is leased if anything is
 * wrong), lease one tap per NIC (preferring the taps of the previous launch), start the emulator with each tap handed
 * over as an open descriptor (3, 4, ...), then close this process's copies. Any failure releases every lease and
 * reports the cause with its fix. No per-launch state lives in fields.
 */
public abstract class TapLaunchDelegate extends LaunchConfigurationDelegate {

    /** First descriptor number the emulator gets a tap on. */
    public static final int FIRST_FD = 3;

    /**
     * The leased NICs of a launch, in NIC order: what the placeholders and environment variables are made of.
     *
     * @param taps the leased taps
     * @param fds the descriptor number each tap has in the emulator
     * @param macs the MAC each NIC gets (see {@link TapLaunchDelegate#macFor})
     * @param networks the network each tap carries ({@link TapNetwork#NONE} parts are null)
     * @param pools the pool each tap was leased from, or null elements
     */
    protected record Leased(List<String> taps, List<Integer> fds, List<String> macs, List<TapNetwork> networks,
            List<String> pools) {
    }

    /** What a launch type starts, computed from the configuration before anything is leased. */
    protected interface Plan {
        /**
         * The command line, given the leased NICs and, in a Debug launch, the GDB stub's port on 127.0.0.1 (null in
         * Run); throws if it needs something the leases do not have (a placeholder for a network the tap does not
         * carry).
         */
        List<String> command(Leased nics, Integer gdbPort) throws CoreException;

        /** Working directory, or null. */
        default String directory() {
            return null;
        }

        /**
         * Whether the program itself opens the GDB stub on the port (QEMU's {@code -gdb}): then a Debug launch waits
         * until it listens, and retries once with another port if it ended because the port was taken meanwhile.
         */
        default boolean opensStub() {
            return false;
        }

        /** In a Debug launch: start gdb connected to the stub (the configuration asks for it). */
        default boolean startGdb() {
            return false;
        }

        /** The file gdb reads symbols from (an ELF kernel), or null. */
        default String symbols() {
            return null;
        }
    }

    /**
     * Validates the configuration and returns the plan; throws with a clear message and changes nothing.
     *
     * @param debug whether this is a Debug launch (the program gets a GDB stub port)
     */
    protected abstract Plan plan(ILaunchConfiguration configuration, List<NicSpec> nics, boolean debug)
            throws CoreException;

    /** A short program name for labels. */
    protected abstract String programLabel(ILaunchConfiguration configuration) throws CoreException;

    @Override
    public ILaunch getLaunch(ILaunchConfiguration configuration, String mode) {
        return new TapLaunch(configuration, mode);
    }

    @Override
    public boolean buildForLaunch(ILaunchConfiguration configuration, String mode, IProgressMonitor monitor) {
        return false; // nothing to build: emulators run images
    }

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        try {
            launchTaps(configuration, mode, launch, monitor);
        } catch (CoreException e) {
            throw shown(configuration, e);
        }
    }

    /**
     * A failure with a fix, shown by the status handler of {@link LaunchErrors#SHOW_ERROR} (the launching UI) if there
     * is one and it answers TRUE: then a {@link LaunchErrors#SHOWN} cancel status, so the framework shows no second dialog; else {@code e}.
     */
    private static CoreException shown(ILaunchConfiguration configuration, CoreException e) {
        IStatus failure = e.getStatus();
        if (failure.getSeverity() != IStatus.ERROR || LaunchErrors.fix(failure) == null) {
            return e;
        }
        IStatus prompt = new Status(IStatus.ERROR, LaunchErrors.PLUGIN_ID, LaunchErrors.SHOW_ERROR,
                failure.getMessage(), failure.getException());
        DebugPlugin debug = DebugPlugin.getDefault();
        IStatusHandler handler = debug == null ? null : debug.getStatusHandler(prompt);
        if (handler == null) {
            return e;
        }
        try {
            if (!Boolean.TRUE.equals(handler.handleStatus(prompt, configuration))) {
                return e;
            }
        } catch (CoreException notShown) {
            return e;
        }
        return new CoreException(new Status(IStatus.CANCEL, LaunchErrors.PLUGIN_ID, LaunchErrors.SHOWN,
                failure.getMessage(), failure.getException()));
    }

    private void launchTaps(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        boolean debug = ILaunchManager.DEBUG_MODE.equals(mode);
        if (!ILaunchManager.RUN_MODE.equals(mode) && !debug) {
            throw abort("taplease launches support Run and Debug, not " + mode, null);
        }
        if (!(launch instanceof TapLaunch tapLaunch)) {
            throw abort("internal error: the launch is not a taplease launch", null);
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Launching " + configuration.getName(), 4);
        long t0 = System.nanoTime();

        sub.subTask("Checking the configuration");
        List<NicSpec> nics = nics(configuration);
        Plan plan = plan(configuration, nics, debug);
        sub.worked(1);

        sub.subTask("Leasing taps");
        TapService service = service();
        List<String> last = configuration.getAttribute(LaunchAttributes.LAST_TAPS, List.<String>of());
        boolean started = false;
        int run = claimRun(tapLaunch, configuration);
        try {
            for (int i = 0; i < nics.size(); i++) {
                String prefer = i < last.size() ? last.get(i) : null;
                try {
                    tapLaunch.own(service.lease(nics.get(i).request(prefer, null)));
                } catch (TapException e) {
                    throw abort("NIC " + i + " (" + nics.get(i).describeSource() + "): " + e.getMessage(), e);
                }
                if (sub.isCanceled()) {
                    return;
                }
            }
            sub.worked(1);

            List<String> taps = tapLaunch.taps();
            List<TapLease> leases = tapLaunch.leases();
            List<Integer> fds = new ArrayList<>();
            List<String> macs = new ArrayList<>();
            List<TapNetwork> networks = new ArrayList<>();
            List<String> pools = new ArrayList<>();
            for (int i = 0; i < nics.size(); i++) {
                TapNetwork net;
                try {
                    net = leases.get(i).network();
                } catch (TapException e) {
                    throw abort("NIC " + i + ": cannot read the network of tap " + taps.get(i) + ": "
                            + e.getMessage(), e);
                }
                fds.add(FIRST_FD + i);
                networks.add(net);
                pools.add(leases.get(i).pool());
                macs.add(macFor(nics.get(i), configuration.getName(), i, run, net));
            }
            Leased leased = new Leased(taps, fds, macs, networks, pools);
            Map<String, String> network = networkVariables(leased);

            Integer port = null;
            List<String> command;
            TapProcess p;
            List<Integer> taken = new ArrayList<>();
            while (true) {
                port = debug ? choosePort() : null;
                command = plan.command(leased, port);
                sub.subTask("Starting " + command.get(0));
                TapProcessBuilder b = new TapProcessBuilder(command).pipeStandardStreams(true)
                        .directory(plan.directory());
                b.environment().put("TAPLEASE_TAPS", String.join(",", taps));
                network.forEach((key, value) -> b.environment().put(ENVIRONMENT.get(key), value));
                if (port != null) {
                    b.environment().put("TAPLEASE_GDB_PORT", Integer.toString(port));
                }
                for (int i = 0; i < leases.size(); i++) {
                    b.passFd(leases.get(i).fd(), FIRST_FD + i);
                }
                try {
                    p = b.start();
                } catch (TapException e) {
                    throw abort("cannot start " + command.get(0) + ": " + e.getMessage(), e);
                }
                if (port == null || !plan.opensStub() || awaitStub(p, port) != GdbStub.Outcome.EXITED
                        || !GdbStub.taken(port)) {
                    break; // running (or ended for a reason of its own, which its console shows)
                }
                // it ended because another program took the port between our choice and its start
                discard(p);
                taken.add(port);
                if (taken.size() == 2) {
                    throw abort("the GDB stub could not listen: ports " + taken.get(0) + " and " + taken.get(1)
                            + " on " + GdbStub.HOST + " were each taken by another program between their choice and"
                            + " the start of " + command.get(0) + "; nothing is leased now: launch again", null);
                }
            }
            long startedNanos = System.nanoTime();
            started = true;
            tapLaunch.handedOver(); // the emulator holds the taps now; ours would make the IDE a second holder

            Map<String, String> attrs = new HashMap<>();
            attrs.put(IProcess.ATTR_CMDLINE, String.join(" ", command));
            attrs.put(IProcess.ATTR_PROCESS_TYPE, "taplease.emulator");
            attrs.put(LaunchAttributes.LAUNCH_TAPS, String.join(",", taps));
            attrs.putAll(network);
            attrs.put(START_MICROS, Long.toString(TimeUnit.NANOSECONDS.toMicros(startedNanos - t0)));
            List<String> labelParts = new ArrayList<>(taps);
            if (port != null) {
                attrs.put(LaunchAttributes.LAUNCH_GDB_PORT, Integer.toString(port));
                labelParts.add("gdb " + GdbStub.HOST + ":" + port);
                if (!taken.isEmpty()) {
                    attrs.put(RETRIED_PORTS, taken.get(0).toString());
                }
            }
            String label = programLabel(configuration) + " [" + String.join(", ", labelParts) + "]";
            launch.setAttribute(START_MICROS, attrs.get(START_MICROS));
            String gdb = null;
            java.lang.Process process = p.asProcess();
            if (port != null && plan.startGdb()) {
                String path = launchPath(configuration);
                gdb = GdbStub.findGdb(path);
                if (gdb == null) { // the guest runs all the same; the note heads its console
                    String note = GdbStub.NOT_FOUND + " (PATH " + path + "); the guest runs, its stub listens on "
                            + GdbStub.HOST + ":" + port;
                    warn(launch, note, null);
                    process = new NotedProcess(process, "taplease: " + note + "\n");
                }
            }
            IProcess emulator = DebugPlugin.newProcess(launch, process, label, attrs);
            network.forEach(launch::setAttribute);
            if (port != null) {
                launch.setAttribute(LaunchAttributes.LAUNCH_GDB_PORT, Integer.toString(port));
                if (!taken.isEmpty()) {
                    launch.setAttribute(RETRIED_PORTS, taken.get(0).toString());
                }
            }
            launch.setAttribute(LaunchAttributes.LAUNCH_TAPS, String.join(",", taps)); // once the process is there
            rememberTaps(configuration, taps);
            if (gdb != null) {
                sub.subTask("Starting gdb");
                startGdb(gdb, tapLaunch, emulator, plan.symbols(), port, labelParts);
            }
            sub.worked(2);
        } finally {
            if (!started) {
                tapLaunch.releaseLeases();
                tapLaunch.run(-1);
            }
        }
    }

    /** Launch and process attribute: the GDB port that was taken at start, when the launch retried with another. */
    public static final String RETRIED_PORTS = "org.taplease.debug.core.retriedGdbPort";

    private static int choosePort() throws CoreException {
        try {
            return GdbStub.choosePort();
        } catch (java.io.IOException e) {
            throw abort("cannot choose a free port for the GDB stub on " + GdbStub.HOST + ": " + e.getMessage(), e);
        }
    }

    private static GdbStub.Outcome awaitStub(TapProcess p, int port) throws CoreException {
        try {
            return GdbStub.awaitListening(p, port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.kill();
            discard(p);
            throw abort("interrupted while waiting for the GDB stub", e);
        }
    }

    /** Reaps an emulator that will not be this launch's process and closes its pipes. */
    private static void discard(TapProcess p) {
        p.kill();
        p.waitFor();
        for (java.io.Closeable c : new java.io.Closeable[] { p.stdin(), p.stdout(), p.stderr() }) {
            try {
                c.close();
            } catch (java.io.IOException e) {
                DebugPlugin.log(e);
            }
        }
    }

    /**
     * Starts {@code gdb} connected to the stub as a second process of the launch, with its own console (standard input
     * connected). If it cannot start, the launch carries {@link LaunchAttributes#LAUNCH_GDB_WARNING} and a warning is
     * logged, and the guest runs on. The launch ends gdb when the emulator ends.
     */
    private static void startGdb(String gdb, TapLaunch launch, IProcess emulator, String symbols, int port,
            List<String> labelParts) {
        List<String> cmd = GdbStub.gdbCommand(gdb, symbols, port);
        TapProcess p;
        try {
            p = new TapProcessBuilder(cmd).pipeStandardStreams(true).start();
        } catch (TapException e) {
            warn(launch, "cannot start " + gdb + ": " + e.getMessage() + "; the guest runs, its stub listens on "
                    + GdbStub.HOST + ":" + port, e);
            return;
        }
        Map<String, String> attrs = new HashMap<>();
        attrs.put(IProcess.ATTR_CMDLINE, String.join(" ", cmd));
        attrs.put(IProcess.ATTR_PROCESS_TYPE, "taplease.gdb");
        attrs.put(LaunchAttributes.LAUNCH_GDB_PORT, Integer.toString(port));
        String name = gdb.substring(gdb.lastIndexOf('/') + 1);
        DebugPlugin.newProcess(launch, p.asProcess(), name + " [" + String.join(", ", labelParts) + "]", attrs);
        launch.endWith(emulator);
    }

    private static void warn(ILaunch launch, String message, Throwable cause) {
        launch.setAttribute(LaunchAttributes.LAUNCH_GDB_WARNING, message);
        DebugPlugin.log(Status.warning(message, cause));
    }

    /**
     * The PATH of the launch's environment, on which gdb is looked up: the configuration's environment variables (Environment tab, Eclipse's
     * {@link ILaunchManager#ATTR_ENVIRONMENT_VARIABLES}) over the IDE's.
     */
    static String launchPath(ILaunchConfiguration configuration) throws CoreException {
        String[] env = DebugPlugin.getDefault().getLaunchManager().getEnvironment(configuration);
        if (env != null) {
            for (String e : env) {
                if (e.startsWith("PATH=")) {
                    return e.substring(5);
                }
            }
        }
        return System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    /**
     * Launch attribute: microseconds from the start of {@code launch()} to the emulator's spawn (no boot); in a Debug
     * launch of QEMU, to its stub listening.
     */
    public static final String START_MICROS = "org.taplease.debug.core.startMicros";

    /** The NICs of a configuration, each validated. */
    public static List<NicSpec> nics(ILaunchConfiguration configuration) throws CoreException {
        List<NicSpec> out = new ArrayList<>();
        List<String> encoded = configuration.getAttribute(LaunchAttributes.NICS, List.<String>of());
        for (int i = 0; i < encoded.size(); i++) {
            NicSpec n = NicSpec.decode(encoded.get(i));
            String problem = n.problem();
            if (problem != null) {
                throw abort("NIC " + i + ": " + problem, null);
            }
            out.add(n);
        }
        return out;
    }

    /** Guards {@link #claimRun}: two launches of one configuration starting at once must not take the same run. */
    private static final Object RUNS = new Object();

    /**
     * Chooses and records the run number of {@code launch}: the lowest one no other running launch of the same
     * configuration has (0 when none runs). Its NICs' MACs derive from it, so concurrent launches of one configuration
     * get distinct MACs and a launch while none other runs gets the MACs stable per configuration and NIC.
     */
    static int claimRun(TapLaunch launch, ILaunchConfiguration configuration) {
        synchronized (RUNS) {
            Set<Integer> taken = new HashSet<>();
            for (ILaunch other : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                if (other != launch && other instanceof TapLaunch t && t.run() >= 0 && !t.isTerminated()
                        && configuration.equals(t.getLaunchConfiguration())) {
                    taken.add(t.run());
                }
            }
            int run = 0;
            while (taken.contains(run)) {
                run++;
            }
            launch.run(run);
            return run;
        }
    }

    /** The taps of this launch become the preferred ones of the next (stable MAC/IP setups). */
    private static void rememberTaps(ILaunchConfiguration configuration, List<String> taps) {
        try {
            if (!taps.equals(configuration.getAttribute(LaunchAttributes.LAST_TAPS, List.<String>of()))
                    && !configuration.isWorkingCopy()) {
                ILaunchConfigurationWorkingCopy wc = configuration.getWorkingCopy();
                wc.setAttribute(LaunchAttributes.LAST_TAPS, taps);
                wc.doSave();
            }
        } catch (CoreException e) {
            DebugPlugin.log(e); // only a preference for the next launch is lost
        }
    }

    /** The tap service: the core's DS component, held by this bundle's {@link LaunchTapService} for its lifetime. */
    protected static TapService service() throws CoreException {
        try {
            return LaunchTapService.service();
        } catch (TapException e) {
            throw abort(e.getMessage(), e);
        }
    }

    /**
     * The MAC of NIC {@code index}: an explicit one wins; else, on a routed or bridged pool's tap (a /30 or /31 member
     * block, or a bridge's port), the guest MAC its pool gives it (stable per tap, so a bridge's DHCP server or
     * neighbours know it); else the MAC stable per configuration and NIC (any other tap, also one with an address
     * someone put on it), distinct for each launch of the configuration running at once ({@code run}, see
     * {@link NicSpec#stableMac(String, int, int)}).
     */
    static String macFor(NicSpec nic, String configName, int index, int run, TapNetwork net) {
        boolean carries = net.routed() || net.bridge() != null;
        String guestMac = net.guestMac();
        return nic.mac() == null && carries && guestMac != null ? guestMac : nic.macFor(configName, index, run);
    }

    /** Launch attribute key to environment variable of the first NIC's network (as {@code taplease run} sets them). */
    private static final Map<String, String> ENVIRONMENT = Map.of(LaunchAttributes.LAUNCH_HOST_IP, "TAPLEASE_HOST_IP",
            LaunchAttributes.LAUNCH_GUEST_IP, "TAPLEASE_GUEST_IP", LaunchAttributes.LAUNCH_PREFIX, "TAPLEASE_PREFIX",
            LaunchAttributes.LAUNCH_NETMASK, "TAPLEASE_NETMASK", LaunchAttributes.LAUNCH_BRIDGE, "TAPLEASE_BRIDGE",
            LaunchAttributes.LAUNCH_MAC, "TAPLEASE_MAC");

    /**
     * The first NIC's network as launch attributes (keys of {@link #ENVIRONMENT}): its MAC always; addresses, prefix
     * and netmask if its tap is routed; the bridge if it is a bridge's port.
     */
    private static Map<String, String> networkVariables(Leased nics) {
        Map<String, String> out = new HashMap<>();
        if (nics.taps().isEmpty()) {
            return out;
        }
        TapNetwork n = nics.networks().get(0);
        out.put(LaunchAttributes.LAUNCH_MAC, nics.macs().get(0));
        if (n.routed()) {
            out.put(LaunchAttributes.LAUNCH_HOST_IP, n.hostAddress());
            out.put(LaunchAttributes.LAUNCH_GUEST_IP, n.guestAddress());
            out.put(LaunchAttributes.LAUNCH_PREFIX, Integer.toString(n.prefix()));
            out.put(LaunchAttributes.LAUNCH_NETMASK, n.netmask());
        }
        if (n.bridge() != null) {
            out.put(LaunchAttributes.LAUNCH_BRIDGE, n.bridge());
        }
        return out;
    }

    /**
     * {@code {fd}}, {@code {tap}}, {@code {mac}}, {@code {host_ip}}, {@code {guest_ip}}, {@code {prefix}},
     * {@code {netmask}} (first NIC) and the same with {@code :N} for NIC N.
     */
    protected static final Pattern PLACEHOLDER = Pattern
            .compile("\\{(fd|tap|mac|host_ip|guest_ip|prefix|netmask)(?::(\\d+))?\\}");

    /**
     * Replaces the placeholders of one argument of {@code where} (e.g. "kernel command line") with the launch's values;
     * a network placeholder on a tap without that network is an error naming the tap, the cause and the fix.
     */
    protected static String expand(String arg, Leased nics, String where) throws CoreException {
        Matcher m = PLACEHOLDER.matcher(arg);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int n = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            String v = n >= nics.taps().size() ? m.group() : switch (m.group(1)) {
                case "fd" -> Integer.toString(nics.fds().get(n));
                case "tap" -> nics.taps().get(n);
                case "mac" -> nics.macs().get(n);
                default -> network(nics, n, m.group(), m.group(1), where);
            };
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String network(Leased nics, int n, String placeholder, String name, String where)
            throws CoreException {
        TapNetwork net = nics.networks().get(n);
        if (!net.routed()) {
            throw abort(where + ": " + placeholder + ": " + noRoutedNetwork(nics, n) + ", or remove " + placeholder,
                    null);
        }
        return switch (name) {
            case "host_ip" -> net.hostAddress();
            case "guest_ip" -> net.guestAddress();
            case "prefix" -> Integer.toString(net.prefix());
            default -> net.netmask();
        };
    }

    /**
     * "tap vm0 has no routed network: lease from a pool created with --subnet (sudo taplease pool create ...)": the
     * cause and the fix when a launch needs the addresses of a tap that has none.
     */
    static String noRoutedNetwork(Leased nics, int n) {
        TapNetwork net = nics.networks().get(n);
        String pool = nics.pools().get(n);
        return "tap " + nics.taps().get(n) + " has no routed network"
                + (net.hostAddress() != null ? " (its address " + net.hostAddress() + "/" + net.prefix()
                        + " is not a /30 or /31 member block)" : "")
                + ": lease from a pool created with --subnet (sudo taplease pool create --name "
                + (pool == null ? "P" : pool) + " --count N --subnet 10.77.0.0/24)";
    }

    /** Rejects placeholders that name a NIC the configuration does not have. */
    protected static void checkPlaceholders(String what, String text, int nics) throws CoreException {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            int n = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            if (n >= nics) {
                throw abort(what + ": " + m.group() + " refers to NIC " + n + " but the configuration has " + nics
                        + " NIC(s): add one on the Network tab (NICs count from 0)", null);
            }
        }
    }

    protected static CoreException abort(String message, Throwable cause) {
        return new CoreException(Status.error(message, cause));
    }
}
