package org.taplease.ui.internal;

import java.util.Locale;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.taplease.core.Checkup;
import org.taplease.core.Checkup.Check;
import org.taplease.core.Checkup.Status;

/**
 * The set-up checks ({@code TapService.checkup}, as {@code taplease doctor} prints them): one row per check with its
 * status, and below the table the selected check's fix in a selectable field with a Copy Fix button (as
 * {@link TapErrorDialog}); Copy Report copies every check as the command prints it. The checks ran before the dialog
 * opens ({@link org.taplease.ui.internal.handlers.CheckSetupHandler}, in a job).
 */
public final class CheckSetupDialog extends Dialog {

    public static final String TITLE = "Check Setup";
    private static final int COPY_FIX = IDialogConstants.CLIENT_ID + 1;
    private static final int COPY_REPORT = IDialogConstants.CLIENT_ID + 2;

    private final Checkup checkup;
    private Table table;
    private Text summary;
    private Text fix;

    public CheckSetupDialog(Shell parent, Checkup checkup) {
        super(parent);
        this.checkup = checkup;
        setShellStyle(getShellStyle() | SWT.RESIZE);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(TITLE);
    }

    @Override
    protected Point getInitialSize() {
        return new Point(900, 480);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite c = (Composite) super.createDialogArea(parent);
        GridLayoutFactory.fillDefaults().margins(10, 10).applyTo(c);
        Label headline = new Label(c, SWT.WRAP);
        headline.setText(headline(checkup));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(headline);

        table = new Table(c, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).hint(860, 260).applyTo(table);
        column("Status", 90);
        column("Check", 760);
        int first = -1;
        for (int i = 0; i < checkup.checks().size(); i++) {
            Check k = checkup.checks().get(i);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { k.status().name().toLowerCase(Locale.ROOT), k.summary() });
            item.setImage(0, image(k.status()));
            item.setData(k);
            if (first < 0 && k.status() == Status.FAIL) {
                first = i;
            }
        }
        if (first < 0) {
            first = checkup.with(Status.WARN).isEmpty() ? 0 : checkup.checks().indexOf(checkup.with(Status.WARN).get(0));
        }

        summary = new Text(c, SWT.READ_ONLY | SWT.WRAP | SWT.MULTI);
        GridDataFactory.fillDefaults().grab(true, false).hint(860, SWT.DEFAULT).applyTo(summary);
        Label l = new Label(c, SWT.NONE);
        l.setText("Fix:");
        fix = new Text(c, SWT.READ_ONLY | SWT.WRAP | SWT.MULTI | SWT.BORDER | SWT.V_SCROLL);
        fix.setData("org.taplease.ui.fix", Boolean.TRUE);
        GridDataFactory.fillDefaults().grab(true, false).hint(860, 60).applyTo(fix);
        table.addListener(SWT.Selection, e -> showFix());
        if (!checkup.checks().isEmpty()) {
            table.setSelection(first);
        }
        showFix();
        return c;
    }

    /** "All checks passed", "2 checks failed, 1 warning: ...". */
    static String headline(Checkup c) {
        int fail = c.with(Status.FAIL).size();
        int warn = c.with(Status.WARN).size();
        if (fail == 0 && warn == 0) {
            return "All " + c.checks().size() + " checks passed.";
        }
        return (fail == 0 ? "No check failed" : fail + (fail == 1 ? " check failed" : " checks failed"))
                + (warn == 0 ? "" : ", " + warn + (warn == 1 ? " warning" : " warnings"))
                + ". Select a check to see its fix (the same checks as 'taplease doctor').";
    }

    private void column(String title, int width) {
        TableColumn col = new TableColumn(table, SWT.LEFT);
        col.setText(title);
        col.setWidth(width);
    }

    private static Image image(Status s) {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        return images.getImage(switch (s) {
            case OK -> ISharedImages.IMG_OBJS_INFO_TSK;
            case WARN -> ISharedImages.IMG_OBJS_WARN_TSK;
            case FAIL -> ISharedImages.IMG_OBJS_ERROR_TSK;
        });
    }

    private Check selected() {
        TableItem[] s = table.getSelection();
        return s.length == 0 ? null : (Check) s[0].getData();
    }

    private void showFix() {
        Check k = selected();
        String f = k == null ? null : k.fix();
        fix.setText(f == null ? (k == null ? "" : "Nothing to fix.") : f);
        summary.setText(k == null ? "" : k.status().name().toLowerCase(Locale.ROOT) + ": " + k.summary());
        summary.getParent().layout(true);
        Control copy = getButton(COPY_FIX);
        if (copy != null) {
            copy.setEnabled(f != null);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, COPY_FIX, "Copy &Fix", false);
        createButton(parent, COPY_REPORT, "Copy &Report", false);
        createButton(parent, IDialogConstants.CLOSE_ID, IDialogConstants.CLOSE_LABEL, true);
        showFix();
    }

    @Override
    protected void buttonPressed(int id) {
        if (id == COPY_FIX) {
            Check k = selected();
            if (k != null && k.fix() != null) {
                copy(k.fix());
            }
            return;
        }
        if (id == COPY_REPORT) {
            copy(report(checkup));
            return;
        }
        if (id == IDialogConstants.CLOSE_ID) {
            close();
            return;
        }
        super.buttonPressed(id);
    }

    /** Every check as {@code taplease doctor} prints it. */
    public static String report(Checkup c) {
        StringBuilder b = new StringBuilder();
        for (Check k : c.checks()) {
            b.append(String.format("%-4s  %s%n", k.status().name().toLowerCase(Locale.ROOT), k.summary()));
            if (k.fix() != null) {
                b.append("      Fix: ").append(k.fix()).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    private void copy(String text) {
        Clipboard cb = new Clipboard(getShell().getDisplay());
        try {
            cb.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            cb.dispose();
        }
    }

    /** The checks shown (tests). */
    public Checkup checkup() {
        return checkup;
    }

    /** The table of checks (tests). */
    public Table table() {
        return table;
    }

    /** The field with the selected check's fix (tests). */
    public Text fixField() {
        return fix;
    }
}
