package org.taplease.debug.core;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jdt.annotation.Nullable;
import org.taplease.core.TapException;

/**
 * How a failed taplease launch reaches the user with its fix. When a launch fails because of a {@link TapException}
 * that has a fix (a busy tap, an exhausted pool, a missing permission, ...), the delegate asks the status handler
 * registered for {@link #SHOW_ERROR} (the launching UI's: a dialog with the cause, the fix and <em>Copy Fix</em>) to
 * show the error, with the launch configuration as the source. If one showed it (it answers {@code Boolean.TRUE}), the launch fails with a
 * {@link IStatus#CANCEL} status of code {@link #SHOWN} (same message and cause), so the launch framework does not show
 * a second dialog without the fix; without a handler (headless) it fails with the error status as before.
 */
public final class LaunchErrors {

    /** The plug-in id of the statuses. */
    public static final String PLUGIN_ID = "org.taplease.debug.core";
    /** Status code of the prompt: an error status whose exception is the {@link TapException}. */
    public static final int SHOW_ERROR = 1501;
    /** Status code of a failure already shown to the user. */
    public static final int SHOWN = 1502;

    /** The fix of a launch error's status: its {@link TapException}'s, or null. */
    public static @Nullable String fix(IStatus status) {
        return status.getException() instanceof TapException e ? e.fix() : null;
    }

    private LaunchErrors() {
    }
}
