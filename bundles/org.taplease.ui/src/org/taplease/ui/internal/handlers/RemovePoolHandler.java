package org.taplease.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.TapException;
import org.taplease.ui.internal.TapErrorDialog;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.TapRow;

/** Removes a pool: deletes its free taps, keeps (and names) the held ones. */
public final class RemovePoolHandler extends TapHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        List<PoolInfo> pools;
        try {
            pools = service().pools();
        } catch (TapException e) {
            TapErrorDialog.open(shell(event), "Cannot list pools", e);
            return null;
        }
        if (pools.isEmpty()) {
            MessageDialog.openInformation(shell(event), "Remove Pool", "There is no taplease pool in this network"
                    + " namespace.");
            return null;
        }
        List<TapRow> rows = rows(event);
        String pool = rows.size() == 1 ? rows.get(0).info().pool() : null;
        if (pool == null) {
            ElementListSelectionDialog d = new ElementListSelectionDialog(shell(event), new LabelProvider() {
                @Override
                public String getText(Object e) {
                    PoolInfo p = (PoolInfo) e;
                    return p.name() + " (" + p.members().size() + " taps, " + p.free() + " free)";
                }
            });
            d.setTitle("Remove Pool");
            d.setMessage("Pool to remove:");
            d.setElements(pools.toArray());
            d.setMultipleSelection(false);
            if (d.open() != Window.OK || d.getFirstResult() == null) {
                return null;
            }
            pool = ((PoolInfo) d.getFirstResult()).name();
        }
        String p = pool;
        if (!MessageDialog.openConfirm(shell(event), "Remove Pool",
                "Delete the free taps of pool " + p + "? Taps that are held are kept.")) {
            return null;
        }
        TapJobs.run("Removing pool " + p, "Cannot remove pool " + p, monitor -> service().removePool(p), r -> {
            refreshViews();
            report(event, r);
        }, e -> e.reason() == TapException.Reason.PERMISSION ? sudo("pool delete --name " + p) : null);
        return null;
    }

    private static void report(ExecutionEvent event, PoolRemoval r) {
        StringBuilder b = new StringBuilder("Deleted ").append(r.deleted().size()).append(" taps");
        for (PoolRemoval.Kept k : r.kept()) {
            b.append("\nKept ").append(k.name()).append(": held by ")
                    .append(k.holders().isEmpty() ? "a process you cannot see"
                            : String.join(", ", k.holders().stream().map(h -> h.describe()).toList()));
        }
        MessageDialog.openInformation(shell(event), "Pool " + r.pool(), b.toString());
    }
}
