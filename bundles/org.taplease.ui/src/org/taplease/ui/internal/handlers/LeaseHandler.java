package org.taplease.ui.internal.handlers;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.TapUiPlugin;

/**
 * Lease for the IDE session: the selected taps by name, or with nothing selected any free tap of the default pool.
 * The tap stays held by this IDE until released or the IDE exits.
 */
public final class LeaseHandler extends TapHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        List<LeaseRequest> requests = new ArrayList<>();
        for (TapRow r : rows(event)) {
            requests.add(LeaseRequest.named(r.name()));
        }
        if (requests.isEmpty()) {
            requests.add(TapPreferences.poolRequest(null));
        }
        for (LeaseRequest request : requests) {
            String what = request.isNamed() ? request.name() : "a tap of pool " + request.pool();
            TapJobs.run("Leasing " + what, "Cannot lease " + what, monitor -> {
                TapLease l = TapUiPlugin.get().sessionLeases().lease(service(), request);
                return l.name();
            }, name -> refreshViews());
        }
        return null;
    }
}
