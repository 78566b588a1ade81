package org.taplease.ui.internal.handlers;

import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.TapRow;

/**
 * Deletes the selected free taplease taps (pool members) after confirmation. The core refuses taps it did not
 * create and taps that are held, with the reason; this handler only asks and reports.
 */
public final class DeleteTapHandler extends TapHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        List<TapRow> rows = rows(event);
        if (rows.isEmpty()) {
            return null;
        }
        String names = String.join(", ", rows.stream().map(TapRow::name).toList());
        if (!MessageDialog.openConfirm(shell(event), "Delete Taps",
                "Delete " + names + "?\n\nOnly free taps created by taplease are deleted.")) {
            return null;
        }
        for (TapRow r : rows) {
            TapJobs.run("Deleting " + r.name(), "Cannot delete " + r.name(), monitor -> {
                service().deleteTap(r.name());
                return r.name();
            }, n -> refreshViews());
        }
        return null;
    }
}
