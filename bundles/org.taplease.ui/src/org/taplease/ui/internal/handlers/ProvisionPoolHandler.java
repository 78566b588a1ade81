package org.taplease.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.ui.internal.PoolDialog;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.TapRow;

/**
 * Create or top up a pool (with "Create Tap": add one tap to a pool). Without CAP_NET_ADMIN the error shows the exact
 * command to run once with sudo.
 */
public class ProvisionPoolHandler extends TapHandler {

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
            org.taplease.ui.internal.TapErrorDialog.open(shell(event), "Cannot list pools", e);
            return null;
        }
        PoolDialog d = new PoolDialog(shell(event), mode(), pools, initial);
        if (d.open() != Window.OK) {
            return null;
        }
        PoolSpec spec = d.spec();
        TapJobs.run("Provisioning pool " + spec.name(), "Cannot provision pool " + spec.name(), monitor -> {
            return service().provisionPool(spec);
        }, report -> {
            refreshViews();
            announce(shell(event), report);
        }, e -> e.reason() == TapException.Reason.PERMISSION ? permissionFix(spec) : null);
        return null;
    }

    /** The fix shown when provisioning fails for lack of CAP_NET_ADMIN: the same pool, as a command to run once. */
    public static String permissionFix(PoolSpec spec) {
        return "Run once with privileges, then lease without them:\n" + sudo(PoolDialog.command(spec));
    }

    private static void announce(org.eclipse.swt.widgets.Shell shell, PoolReport r) {
        StringBuilder b = new StringBuilder();
        b.append(r.created().isEmpty() ? "No tap created" : "Created " + String.join(", ", r.created()));
        if (!r.existing().isEmpty()) {
            b.append("\nAlready in the pool: ").append(r.existing().size()).append(" taps");
        }
        for (String note : r.notes()) {
            b.append("\n").append(note);
        }
        if (!r.notes().isEmpty()) {
            MessageDialog.openInformation(shell, "Pool " + r.pool(), b.toString());
        } else if (shell != null && !shell.isDisposed()) {
            org.eclipse.ui.PlatformUI.getWorkbench().getDisplay().beep();
        }
    }
}
