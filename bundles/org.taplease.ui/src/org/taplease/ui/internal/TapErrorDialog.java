package org.taplease.ui.internal;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.taplease.core.TapException;

/**
 * Shows a {@link TapException} the way a user can act on it: what failed, why (the core's reason and the system call
 * with errno), and the fix, in a selectable field with a Copy button, e.g. the pool command to run once with sudo.
 * Never a stack trace: these are expected conditions, not bugs.
 */
public final class TapErrorDialog extends MessageDialog {

    private final TapException error;
    private final String fix;

    public TapErrorDialog(Shell parent, String title, TapException error, String fix) {
        this(parent, title, headline(error), error, fix);
    }

    /**
     * With a headline of the caller's, e.g. a launch's "NIC 0 (any free tap of pool vm): pool vm: all 2 taps of the
     * pool are held", which says which part of the launch failed.
     */
    public TapErrorDialog(Shell parent, String title, String headline, TapException error, String fix) {
        super(parent, title, null, headline, ERROR, 0, fix == null ? new String[] { IDialogConstants.CLOSE_LABEL }
                : new String[] { IDialogConstants.CLOSE_LABEL, "Copy &Fix" });
        this.error = error;
        this.fix = fix;
    }

    /** Opens the dialog for {@code e} with the core's fix. */
    public static void open(Shell parent, String title, TapException e) {
        open(parent, title, e, e.fix());
    }

    /** Opens the dialog for {@code e} with a fix chosen by the caller (e.g. the exact command for this request). */
    public static void open(Shell parent, String title, TapException e, String fix) {
        new TapErrorDialog(parent, title, e, fix).open();
    }

    /** "tap0: busy, held by sleep (pid 42)". */
    static String headline(TapException e) {
        String d = e.device();
        return (d == null || d.isEmpty() ? "" : d + ": ") + e.summary();
    }

    /** A sentence for each reason: what it means for the user. */
    public static String explain(TapException.Reason r) {
        return switch (r) {
            case INVALID_NAME -> "The name is not a valid interface or pool name.";
            case INVALID_REQUEST -> "A value of the request is not valid.";
            case NOT_FOUND -> "No interface or pool of that name exists in this network namespace.";
            case BUSY -> "Another descriptor is attached: the tap is in use. Only one process can hold a tap.";
            case PERMISSION -> "You may not do this without privileges.";
            case NOT_A_TAP -> "The interface is not a tap device.";
            case MULTI_QUEUE -> "The tap is multi-queue: it cannot be leased exclusively.";
            case POOL_EXHAUSTED -> "Every tap of the pool is held.";
            case NO_TUN_DEVICE -> "/dev/net/tun does not exist on this machine.";
            case UNSUPPORTED_PLATFORM -> "taplease has no backend for this system.";
            case COMMAND_NOT_FOUND -> "The program was not found.";
            case SYSTEM -> "A system call failed.";
        };
    }

    @Override
    protected Control createCustomArea(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(0, 0).applyTo(c);
        GridDataFactory.fillDefaults().grab(true, false).indent(0, 0).applyTo(c);
        row(c, "Reason:", error.reason().name().toLowerCase().replace('_', ' ') + " - " + explain(error.reason()));
        if (error.operation() != null) {
            row(c, "System call:", error.operation() + (error.errno() != 0
                    ? " failed: " + error.strerror() + " (errno " + error.errno() + ")" : " failed"));
        }
        if (fix != null) {
            Label l = new Label(c, SWT.NONE);
            l.setText("Fix:");
            GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(l);
            Text t = new Text(c, SWT.READ_ONLY | SWT.WRAP | SWT.MULTI | SWT.BORDER);
            t.setText(fix);
            t.setData("org.taplease.ui.fix", Boolean.TRUE);
            GridDataFactory.fillDefaults().grab(true, false).hint(440, SWT.DEFAULT).applyTo(t);
        }
        return c;
    }

    private static void row(Composite c, String label, String value) {
        Label l = new Label(c, SWT.NONE);
        l.setText(label);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(l);
        Label v = new Label(c, SWT.WRAP);
        v.setText(value);
        GridDataFactory.fillDefaults().grab(true, false).hint(440, SWT.DEFAULT).applyTo(v);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == 1 && fix != null) { // "Copy Fix": the second button
            Clipboard cb = new Clipboard(getShell().getDisplay());
            try {
                cb.setContents(new Object[] { fix }, new Transfer[] { TextTransfer.getInstance() });
            } finally {
                cb.dispose();
            }
            return;
        }
        super.buttonPressed(buttonId);
    }

    /** The error shown (for tests). */
    public TapException error() {
        return error;
    }
}
