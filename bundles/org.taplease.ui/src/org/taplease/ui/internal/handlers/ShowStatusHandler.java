package org.taplease.ui.internal.handlers;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;
import org.taplease.ui.internal.views.TapStatusView;

/** Opens the device-status view for the selection. */
public final class ShowStatusHandler extends TapHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        try {
            HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(TapStatusView.ID);
        } catch (PartInitException e) {
            throw new ExecutionException("Cannot open the device-status view", e);
        }
        return null;
    }
}
