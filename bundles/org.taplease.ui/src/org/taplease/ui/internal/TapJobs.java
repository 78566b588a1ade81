package org.taplease.ui.internal;

import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.taplease.core.TapException;

/**
 * Runs tap operations off the UI thread. A {@link TapException} is shown in a {@link TapErrorDialog} (reason, errno,
 * fix) instead of the platform's generic error dialog; other exceptions are real bugs and go to the platform (log and
 * dialog).
 */
public final class TapJobs {

    /** Formats a fix for a failed operation; return null to use the core's fix. */
    public interface FixFormatter {
        String fix(TapException e);
    }

    /**
     * Schedules {@code op} as a user job named {@code title}; {@code onSuccess} runs on the UI thread with its result.
     *
     * @param errorTitle title of the error dialog, e.g. "Cannot lease tap0"
     */
    public static <T> Job run(String title, String errorTitle, Function<IProgressMonitor, T> op, Consumer<T> onSuccess,
            FixFormatter fixes) {
        Display display = PlatformUI.getWorkbench().getDisplay();
        Job job = Job.create(title, monitor -> {
            monitor.beginTask(title, IProgressMonitor.UNKNOWN);
            try {
                T result = op.apply(monitor);
                if (onSuccess != null) {
                    display.asyncExec(() -> onSuccess.accept(result));
                }
                return Status.OK_STATUS;
            } catch (TapException e) {
                String fix = fixes == null ? null : fixes.fix(e);
                display.asyncExec(() -> TapErrorDialog.open(shell(), errorTitle, e, fix != null ? fix : e.fix()));
                return Status.info(TapErrorDialog.headline(e)); // shown above; an expected condition, not logged
            } finally {
                monitor.done();
            }
        });
        job.setUser(true);
        job.schedule();
        return job;
    }

    public static <T> Job run(String title, String errorTitle, Function<IProgressMonitor, T> op, Consumer<T> onSuccess) {
        return run(title, errorTitle, op, onSuccess, null);
    }

    /** The shell dialogs should be modal to. */
    public static Shell shell() {
        return PlatformUI.getWorkbench().getModalDialogShellProvider().getShell();
    }

    private TapJobs() {
    }
}
