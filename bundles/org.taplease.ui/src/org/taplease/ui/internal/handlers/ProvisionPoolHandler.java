package org.taplease.ui.internal.handlers;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Shell;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.ui.internal.PoolDialog;
import org.taplease.ui.internal.TapErrorDialog;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.TapRow;

/**
 * Create or top up a pool (with "Create Tap": add one tap to a pool), and declare it, as {@code taplease pool create}
 * does: the declaration is checked first ({@link PoolDeclarations#check}), then the pool is provisioned, then declared
 * in {@link PoolDeclarations#defaultDir()}, so that {@code taplease pool apply} brings it back after a reboot. A failure
 * before the declaration is written changes nothing. Without CAP_NET_ADMIN (or a writable declaration directory) the
 * error shows the exact command to run once with sudo, which provisions and declares the same pool.
 */
public class ProvisionPoolHandler extends TapHandler {

    /** What provisioning did: the pool's report, and the declaration written (or why it could not be). */
    record Provisioned(PoolReport report, Path declaration, TapException notDeclared) {
    }

    PoolDialog.Mode mode() {
        return PoolDialog.Mode.PROVISION;
    }

    @Override
    public Object execute(ExecutionEvent event) {
        List<TapRow> rows = rows(event);
        String initial = rows.size() == 1 && rows.get(0).info().pool() != null ? rows.get(0).info().pool()
                : TapPreferences.pool();
        List<PoolInfo> pools;
        try {
            pools = service().pools();
        } catch (TapException e) {
            TapErrorDialog.open(shell(event), "Cannot list pools", e);
            return null;
        }
        Path dir = PoolDeclarations.defaultDir();
        PoolDialog d = new PoolDialog(shell(event), mode(), pools, initial, PoolDialog.Declared.load(dir));
        if (d.open() != Window.OK) {
            return null;
        }
        PoolSpec spec = d.spec();
        TapJobs.run("Provisioning pool " + spec.name(), "Cannot provision pool " + spec.name(), monitor -> {
            return provision(dir, spec);
        }, p -> {
            refreshViews();
            announce(shell(event), p);
        }, e -> e.reason() == TapException.Reason.PERMISSION && !aboutDeclarations(dir, e) ? permissionFix(spec)
                : null);
        return null;
    }

    /**
     * Whether {@code e} is about the declarations themselves (an untrusted or unreadable file or directory), whose
     * own fix (chmod, chown, ...) is the one to show, rather than a lack of privileges that sudo would cure.
     */
    static boolean aboutDeclarations(Path dir, TapException e) {
        String d = e.device();
        if (d == null || d.isEmpty()) {
            return false;
        }
        if (d.equals(dir.toString())) {
            return e.fix() == null || !e.fix().contains("sudo");
        }
        try {
            return Path.of(d).startsWith(dir);
        } catch (java.nio.file.InvalidPathException notAPath) {
            return false;
        }
    }

    /**
     * What {@code taplease pool create} does: every check of the declaration before anything changes, the pool, then
     * its declaration.
     */
    static Provisioned provision(Path dir, PoolSpec spec) {
        PoolDeclarations.check(dir, spec);
        PoolReport r = service().provisionPool(spec);
        try {
            return new Provisioned(r, PoolDeclarations.write(dir, spec), null);
        } catch (TapException e) { // checked just before, so only if the directory changed meanwhile: say so
            return new Provisioned(r, null, e);
        }
    }

    /** The fix shown when provisioning fails for lack of CAP_NET_ADMIN: the same pool, as a command to run once. */
    public static String permissionFix(PoolSpec spec) {
        return "Run once with privileges (it provisions and declares the pool), then lease without them:\n"
                + sudo(PoolDialog.command(spec));
    }

    private static void announce(Shell shell, Provisioned p) {
        PoolReport r = p.report();
        StringBuilder b = new StringBuilder();
        b.append(r.created().isEmpty() ? "No tap created" : "Created " + String.join(", ", r.created()));
        if (!r.existing().isEmpty()) {
            b.append("\nAlready in the pool: ").append(r.existing().size()).append(" taps");
        }
        for (String note : r.notes()) {
            b.append("\n").append(note);
        }
        if (p.declaration() != null) {
            b.append("\nDeclared in ").append(p.declaration())
                    .append(" ('taplease pool apply' brings it back, e.g. after a reboot)");
        } else {
            b.append("\nNot declared: ").append(p.notDeclared().getMessage());
        }
        if (p.declaration() == null) {
            MessageDialog.openWarning(shell, "Pool " + r.pool(), b.toString());
        } else {
            MessageDialog.openInformation(shell, "Pool " + r.pool(), b.toString());
        }
    }
}
