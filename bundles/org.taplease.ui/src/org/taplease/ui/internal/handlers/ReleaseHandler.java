package org.taplease.ui.internal.handlers;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.taplease.ui.internal.SessionLeases;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.TapUiPlugin;

/** Releases the selected taps this IDE session leased; explains why taps held by others are left alone. */
public final class ReleaseHandler extends TapHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        SessionLeases leases = TapUiPlugin.get().sessionLeases();
        List<String> notMine = new ArrayList<>();
        boolean any = false;
        for (TapRow r : rows(event)) {
            if (leases.release(r.name())) {
                any = true;
            } else {
                notMine.add(r.name() + " (" + r.stateText() + ")");
            }
        }
        if (any) {
            refreshViews();
        }
        if (!notMine.isEmpty()) {
            MessageDialog.openInformation(shell(event), "Not leased by this IDE",
                    "taplease releases only the taps this IDE leased. Not released: " + String.join(", ", notMine)
                            + ".\n\nA tap held by another process becomes free when that process closes it or ends.");
        }
        return null;
    }
}
