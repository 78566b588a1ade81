package org.taplease.debug.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;
import org.taplease.core.TapException;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;
import org.taplease.debug.core.LaunchAttributes;
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

    /** What a launch type starts, computed from the configuration before anything is leased. */
    protected interface Plan {
        /** The command line, given the leased taps (NIC order) and their descriptor numbers. */
        List<String> command(List<String> taps, List<Integer> fds, List<String> macs) throws CoreException;

        /** Working directory, or null. */
        default String directory() {
            return null;
        }
    }

    /** Validates the configuration and returns the plan; throws with a clear message and changes nothing. */
    protected abstract Plan plan(ILaunchConfiguration configuration, List<NicSpec> nics) throws CoreException;

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
        if (!ILaunchManager.RUN_MODE.equals(mode)) {
            throw abort("taplease launches support Run only, not " + mode, null);
        }
        if (!(launch instanceof TapLaunch tapLaunch)) {
            throw abort("internal error: the launch is not a taplease launch", null);
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Launching " + configuration.getName(), 4);
        long t0 = System.nanoTime();

        sub.subTask("Checking the configuration");
        List<NicSpec> nics = nics(configuration);
        Plan plan = plan(configuration, nics);
        sub.worked(1);

        sub.subTask("Leasing taps");
        TapService service = service();
        List<String> last = configuration.getAttribute(LaunchAttributes.LAST_TAPS, List.<String>of());
        boolean started = false;
        try {
            for (int i = 0; i < nics.size(); i++) {
                String prefer = i < last.size() ? last.get(i) : null;
                try {
                    tapLaunch.own(service.lease(nics.get(i).request(prefer, null)));
                } catch (TapException e) {
                    throw abort("NIC " + (i + 1) + " (" + nics.get(i).describeSource() + "): " + e.getMessage(), e);
                }
                if (sub.isCanceled()) {
                    return;
                }
            }
            sub.worked(1);

            List<String> taps = tapLaunch.taps();
            List<Integer> fds = new ArrayList<>();
            List<String> macs = new ArrayList<>();
            for (int i = 0; i < nics.size(); i++) {
                fds.add(FIRST_FD + i);
                macs.add(nics.get(i).macFor(configuration.getName(), i));
            }
            List<String> command = plan.command(taps, fds, macs);

            sub.subTask("Starting " + command.get(0));
            TapProcessBuilder b = new TapProcessBuilder(command).pipeStandardStreams(true).directory(plan.directory());
            b.environment().put("TAPLEASE_TAPS", String.join(",", taps));
            List<TapLease> leases = tapLaunch.leases();
            for (int i = 0; i < leases.size(); i++) {
                b.passFd(leases.get(i).fd(), FIRST_FD + i);
            }
            TapProcess p;
            try {
                p = b.start();
            } catch (TapException e) {
                throw abort("cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
            long startedNanos = System.nanoTime();
            started = true;
            tapLaunch.handedOver(); // the emulator holds the taps now; ours would make the IDE a second holder

            Map<String, String> attrs = new HashMap<>();
            attrs.put(IProcess.ATTR_CMDLINE, String.join(" ", command));
            attrs.put(IProcess.ATTR_PROCESS_TYPE, "taplease.emulator");
            attrs.put(LaunchAttributes.LAUNCH_TAPS, String.join(",", taps));
            attrs.put(START_MICROS, Long.toString(TimeUnit.NANOSECONDS.toMicros(startedNanos - t0)));
            String label = programLabel(configuration) + " [" + String.join(", ", taps) + "]";
            launch.setAttribute(START_MICROS, attrs.get(START_MICROS));
            DebugPlugin.newProcess(launch, p.asProcess(), label, attrs);
            launch.setAttribute(LaunchAttributes.LAUNCH_TAPS, String.join(",", taps)); // once the process is there
            rememberTaps(configuration, taps);
            sub.worked(2);
        } finally {
            if (!started) {
                tapLaunch.releaseLeases();
            }
        }
    }

    /** Launch attribute: microseconds from the start of {@code launch()} to the emulator's spawn (no boot). */
    public static final String START_MICROS = "org.taplease.debug.core.startMicros";

    /** The NICs of a configuration, each validated. */
    public static List<NicSpec> nics(ILaunchConfiguration configuration) throws CoreException {
        List<NicSpec> out = new ArrayList<>();
        List<String> encoded = configuration.getAttribute(LaunchAttributes.NICS, List.<String>of());
        for (int i = 0; i < encoded.size(); i++) {
            NicSpec n = NicSpec.decode(encoded.get(i));
            String problem = n.problem();
            if (problem != null) {
                throw abort("NIC " + (i + 1) + ": " + problem, null);
            }
            out.add(n);
        }
        return out;
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

    /** {@code {fd}}, {@code {tap}}, {@code {mac}} (first NIC) and {@code {fd:N}}, {@code {tap:N}}, {@code {mac:N}}. */
    protected static final Pattern PLACEHOLDER = Pattern.compile("\\{(fd|tap|mac)(?::(\\d+))?\\}");

    /** Replaces the placeholders of one argument with the launch's values. */
    protected static String expand(String arg, List<String> taps, List<Integer> fds, List<String> macs) {
        Matcher m = PLACEHOLDER.matcher(arg);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            int n = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            String v = n >= taps.size() ? m.group() : switch (m.group(1)) {
                case "fd" -> Integer.toString(fds.get(n));
                case "tap" -> taps.get(n);
                default -> macs.get(n);
            };
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
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
