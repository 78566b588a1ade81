package org.taplease.ui.internal.handlers;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.taplease.ui.internal.CheckSetupDialog;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.UiTapService;

/**
 * Check Setup: runs the set-up checks ({@code TapService.checkup}, the system calls of {@code taplease doctor}) in a
 * job, then shows them in {@link CheckSetupDialog}.
 */
public final class CheckSetupHandler extends AbstractHandler {

    /** The command's id. */
    public static final String COMMAND = "org.taplease.ui.commands.checkSetup";

    @Override
    public Object execute(ExecutionEvent event) {
        TapJobs.run("Checking the tap set-up", "Cannot check the set-up", m -> UiTapService.service().checkup(),
                c -> new CheckSetupDialog(TapJobs.shell(), c).open());
        return null;
    }
}
