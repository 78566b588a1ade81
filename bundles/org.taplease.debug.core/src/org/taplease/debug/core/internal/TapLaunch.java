package org.taplease.debug.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.DebugEvent;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.IDebugEventSetListener;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.Launch;
import org.eclipse.debug.core.model.IProcess;
import org.taplease.core.TapLease;

/**
 * A launch that owns tap leases. The delegate leases the taps, hands them to the emulator at spawn (the emulator holds
 * them from its first instruction) and then {@link #handedOver() closes this process's copies}, so the emulator is
 * the only holder and the kernel frees each tap the moment the emulator ends, for whatever reason (exit, terminate,
 * kill from outside, IDE shutdown). Until then, and on every failure path, the launch closes them itself:
 * {@link #releaseLeases()} and {@link #terminate()}.
 */
public final class TapLaunch extends Launch {

    private final List<TapLease> leases = new ArrayList<>();
    private final List<String> taps = new ArrayList<>();
    private int run = -1;

    public TapLaunch(ILaunchConfiguration configuration, String mode) {
        super(configuration, mode, null);
    }

    /** Takes ownership of a lease. */
    public synchronized void own(TapLease lease) {
        leases.add(lease);
        taps.add(lease.name());
    }

    /** The leases this launch still holds, in NIC order. */
    public synchronized List<TapLease> leases() {
        return List.copyOf(leases);
    }

    /** The taps of this launch, in NIC order. */
    public synchronized List<String> taps() {
        return List.copyOf(taps);
    }

    /**
     * Which of its configuration's concurrently running launches this is (0 for the first, see
     * {@code NicSpec.stableMac(String, int, int)}), or -1 before the delegate chose one or after the launch failed.
     */
    public synchronized int run() {
        return run;
    }

    synchronized void run(int number) {
        run = number;
    }

    /** The emulator holds the taps now: close this process's copies. */
    public void handedOver() {
        releaseLeases();
    }

    /** Closes every lease this launch still holds (idempotent). */
    public void releaseLeases() {
        List<TapLease> open;
        synchronized (this) {
            open = new ArrayList<>(leases);
            leases.clear();
        }
        open.forEach(TapLease::close);
    }

    @Override
    public void terminate() throws DebugException {
        try {
            super.terminate();
        } finally {
            releaseLeases();
            IDebugEventSetListener l = endListener;
            if (l != null) {
                DebugPlugin.getDefault().removeDebugEventListener(l);
            }
        }
    }

    private volatile IDebugEventSetListener endListener;

    /**
     * When {@code emulator} ends (exit, Terminate, a kill from outside), terminates the launch's other processes
     * (gdb, whose stub is gone), so the launch ends with its guest.
     */
    void endWith(IProcess emulator) {
        IDebugEventSetListener l = new IDebugEventSetListener() {
            @Override
            public void handleDebugEvents(DebugEvent[] events) {
                for (DebugEvent e : events) {
                    if (e.getKind() == DebugEvent.TERMINATE && e.getSource() == emulator) {
                        endOthers(emulator, this);
                    }
                }
            }
        };
        endListener = l;
        DebugPlugin.getDefault().addDebugEventListener(l);
        if (emulator.isTerminated()) {
            endOthers(emulator, l);
        }
    }

    private void endOthers(IProcess emulator, IDebugEventSetListener l) {
        DebugPlugin.getDefault().removeDebugEventListener(l);
        for (IProcess p : getProcesses()) {
            if (p != emulator && p.canTerminate()) {
                try {
                    p.terminate();
                } catch (DebugException e) {
                    DebugPlugin.log(e);
                }
            }
        }
    }
}
