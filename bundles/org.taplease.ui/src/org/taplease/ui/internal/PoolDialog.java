package org.taplease.ui.internal;

import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapNames;
import org.taplease.core.Accounts;

/**
 * Asks for a pool to create or top up (name, size, owner, group), or for the pool of one new tap. Validates with the
 * core's rules as the user types and returns a {@link PoolSpec}.
 */
public final class PoolDialog extends TitleAreaDialog {

    /** What the dialog is for. */
    public enum Mode {
        /** Create a pool or grow one to a size. */
        PROVISION,
        /** Add one tap to a pool. */
        ONE_TAP
    }

    private final Mode mode;
    private final List<PoolInfo> pools;
    private final String initialPool;

    private Combo name;
    private Spinner count;
    private Text owner;
    private Text group;
    private PoolSpec result;

    public PoolDialog(Shell parent, Mode mode, List<PoolInfo> pools, String initialPool) {
        super(parent);
        this.mode = mode;
        this.pools = pools;
        this.initialPool = initialPool;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(mode == Mode.PROVISION ? "Create or Top Up Pool" : "Create Tap");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(mode == Mode.PROVISION ? "Create or top up a pool of persistent taps" : "Create a tap in a pool");
        setMessage("The owner and group may lease the pool's taps without privileges. Creating taps needs"
                + " CAP_NET_ADMIN once.");
        Composite c = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(c);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(c);

        label(c, "&Pool:");
        name = new Combo(c, SWT.DROP_DOWN);
        for (PoolInfo p : pools) {
            name.add(p.name());
        }
        name.setText(initialPool);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(name);

        label(c, mode == Mode.PROVISION ? "&Size (taps in total):" : "Size after creating:");
        count = new Spinner(c, SWT.BORDER);
        count.setValues(4, 1, 4096, 0, 1, 10);
        count.setEnabled(mode == Mode.PROVISION);

        label(c, "&Owner (user):");
        owner = new Text(c, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(owner);
        label(c, "&Group:");
        group = new Text(c, SWT.BORDER);
        group.setMessage("optional");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(group);

        name.addModifyListener(e -> poolChanged());
        count.addModifyListener(e -> validate());
        owner.addModifyListener(e -> validate());
        group.addModifyListener(e -> validate());
        poolChanged();
        if (owner.getText().isEmpty()) {
            owner.setText(System.getProperty("user.name", ""));
        }
        return area;
    }

    private static void label(Composite c, String text) {
        Label l = new Label(c, SWT.NONE);
        l.setText(text);
    }

    private PoolInfo existing() {
        String n = name.getText().trim();
        return pools.stream().filter(p -> p.name().equals(n)).findFirst().orElse(null);
    }

    private void poolChanged() {
        PoolInfo p = existing();
        if (p != null) {
            owner.setText(p.owner() == null ? "" : Accounts.user(p.owner()));
            group.setText(p.group() == null ? "" : Accounts.group(p.group()));
            count.setSelection(mode == Mode.PROVISION ? Math.max(p.members().size(), 1) : p.members().size() + 1);
        } else if (mode == Mode.ONE_TAP) {
            count.setSelection(1);
        }
        validate();
    }

    private void validate() {
        String problem = null;
        PoolSpec spec = null;
        try {
            String pool = TapNames.requireValidPool(name.getText().trim());
            String o = owner.getText().trim();
            String g = group.getText().trim();
            spec = new PoolSpec(pool, count.getSelection(), o.isEmpty() ? null : Accounts.uid(o),
                    g.isEmpty() ? null : Accounts.gid(g), TapPreferences.template());
            TapNames.requireValidTemplate(spec.template(), pool);
        } catch (TapException e) {
            problem = TapErrorDialog.headline(e).replace("--owner ", "owner ").replace("--group ", "group ");
            spec = null;
        }
        result = spec;
        setErrorMessage(problem);
        if (problem == null) {
            PoolInfo p = existing();
            setMessage(p == null ? "Creates pool " + spec.name() + " with " + spec.count() + " taps."
                    : "Pool " + p.name() + " has " + p.members().size() + " taps (" + p.free() + " free); "
                            + (spec.count() > p.members().size()
                                    ? (spec.count() - p.members().size()) + " will be created."
                                    : "nothing to create."));
        }
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(problem == null);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText(mode == Mode.PROVISION ? "&Provision" : "&Create");
        validate();
    }

    /** The pool to provision, valid after OK. */
    public PoolSpec spec() {
        return result;
    }

    /** The CLI command that does the same with privileges. */
    public static String command(PoolSpec s) {
        StringBuilder b = new StringBuilder("pool create --name ").append(s.name()).append(" --count ")
                .append(s.count());
        if (s.owner() != null) {
            b.append(" --owner ").append(Accounts.user(s.owner()));
        }
        if (s.group() != null) {
            b.append(" --group ").append(Accounts.group(s.group()));
        }
        if (s.template() != null && !s.template().equals(org.taplease.core.LeaseRequest.DEFAULT_TEMPLATE)) {
            b.append(" --template '").append(s.template()).append('\'');
        }
        return b.toString();
    }
}
