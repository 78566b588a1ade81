package org.taplease.ui.internal.handlers;

import org.eclipse.core.commands.ExecutionEvent;

/** Copies the MAC addresses of the selected taps. */
public final class CopyMacHandler extends TapHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Clipboards.copy(rows(event), r -> r.info().mac());
        return null;
    }
}
