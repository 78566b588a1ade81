package org.taplease.ui.internal.handlers;

import org.eclipse.core.commands.ExecutionEvent;

/** Copies the names of the selected taps. */
public final class CopyNameHandler extends TapHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        Clipboards.copy(rows(event), r -> r.name());
        return null;
    }
}
