package org.taplease.debug.ui.internal;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.IStatusHandler;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.taplease.core.TapException;
import org.taplease.debug.core.LaunchErrors;
import org.taplease.ui.internal.TapErrorDialog;

/**
 * Shows a failed taplease launch ({@link LaunchErrors#SHOW_ERROR}) the way the rest of the IDE shows tap errors: the
 * launch's message, the reason, the system call and the fix with <em>Copy Fix</em>, titled "Launching NAME". Runs on
 * the launching thread and waits for the dialog to close, as the launch framework's prompts do.
 */
public final class LaunchErrorHandler implements IStatusHandler {

    @Override
    public Object handleStatus(IStatus status, Object source) {
        if (!(status.getException() instanceof TapException e) || !PlatformUI.isWorkbenchRunning()) {
            return Boolean.FALSE;
        }
        String title = "Launching " + (source instanceof ILaunchConfiguration c ? c.getName() : "failed");
        String fix = LaunchErrors.fix(status);
        Display display = PlatformUI.getWorkbench().getDisplay();
        String headline = headline(status.getMessage(), fix);
        display.syncExec(() -> new TapErrorDialog(shell(display), title, headline, e, fix).open());
        return Boolean.TRUE;
    }

    /** The launch's message without its trailing ". Fix: ..." (the dialog shows the fix in a field of its own). */
    static String headline(String message, String fix) {
        String suffix = ". Fix: " + fix;
        return fix != null && message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length() + 1)
                : message;
    }

    private static Shell shell(Display display) {
        IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        return w != null ? w.getShell() : display.getActiveShell();
    }
}
