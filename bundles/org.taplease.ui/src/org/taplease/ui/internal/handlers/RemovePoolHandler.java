package org.taplease.ui.internal.handlers;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.dialogs.ElementListSelectionDialog;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.TapException;
import org.taplease.ui.internal.PoolDialog;
import org.taplease.ui.internal.TapErrorDialog;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.TapRow;

/**
 * Removes a pool, as {@code taplease pool delete} does: deletes its free taps, keeps (and names) the held ones, and
 * deletes its declaration from {@link PoolDeclarations#defaultDir()}, so that {@code pool apply} does not bring it back.
 */
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
        Path dir = PoolDeclarations.defaultDir();
        TapJobs.run("Removing pool " + p, "Cannot remove pool " + p, monitor -> remove(dir, p), r -> {
            refreshViews();
            report(event, r);
        }, e -> e.reason() == TapException.Reason.PERMISSION
                ? sudo("pool delete --name " + p + PoolDialog.configDirOption()) : null);
        return null;
    }

    /** What was removed: the taps, and the declaration (whether one was deleted, or why it could not be). */
    record Removed(PoolRemoval removal, Path dir, boolean undeclared, TapException notUndeclared) {
    }

    static Removed remove(Path dir, String pool) {
        PoolRemoval r = service().removePool(pool);
        try {
            return new Removed(r, dir, PoolDeclarations.delete(dir, pool), null);
        } catch (TapException e) { // the taps are gone: report that, and why the declaration stays
            return new Removed(r, dir, false, e);
        }
    }

    private static void report(ExecutionEvent event, Removed removed) {
        PoolRemoval r = removed.removal();
        StringBuilder b = new StringBuilder("Deleted ").append(r.deleted().size()).append(" taps");
        for (PoolRemoval.Kept k : r.kept()) {
            b.append("\nKept ").append(k.name()).append(": held by ")
                    .append(k.holders().isEmpty() ? "a process you cannot see"
                            : String.join(", ", k.holders().stream().map(h -> h.describe()).toList()));
        }
        if (removed.undeclared()) {
            b.append("\nDeleted its declaration in ").append(removed.dir());
        } else if (removed.notUndeclared() != null) {
            b.append("\nIts declaration stays: ").append(removed.notUndeclared().getMessage());
        }
        if (removed.notUndeclared() != null) {
            MessageDialog.openWarning(shell(event), "Pool " + r.pool(), b.toString());
        } else {
            MessageDialog.openInformation(shell(event), "Pool " + r.pool(), b.toString());
        }
    }
}
