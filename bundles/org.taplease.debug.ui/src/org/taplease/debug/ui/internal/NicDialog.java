package org.taplease.debug.ui.internal;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.taplease.debug.core.NicSpec;

/** Adds or edits one NIC: tap source, model, MAC policy, vnet header. */
final class NicDialog extends TitleAreaDialog {

    private NicSpec nic;
    private final String stableMac;
    private Button fromPool;
    private Button fromTap;
    private Text pool;
    private Text tap;
    private Button create;
    private Combo model;
    private Button stable;
    private Button explicit;
    private Text mac;
    private Button vnetHdr;

    NicDialog(Shell parent, NicSpec nic, String stableMac) {
        super(parent);
        this.nic = nic;
        this.stableMac = stableMac;
    }

    NicSpec nic() {
        return nic;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Network Interface");
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Network interface");
        setMessage("Where the NIC's tap comes from and how the guest sees it.");
        Composite c = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(c);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(c);

        // two groups: a radio button selects only among its siblings, so the tap source and the MAC choice are
        // independent (one Composite for both made choosing "Explicit MAC" clear the tap source)
        Group source = group(c, "Tap source");
        fromPool = radio(source, "Any free tap of &pool:");
        pool = text(source, nic.pool() == null ? "" : nic.pool());
        create = new Button(source, SWT.CHECK);
        create.setText("C&reate a tap in the pool when none is free (needs CAP_NET_ADMIN)");
        GridDataFactory.fillDefaults().span(2, 1).indent(20, 0).applyTo(create);
        create.setSelection(nic.allowCreate());
        create.addListener(SWT.Selection, e -> validate());
        fromTap = radio(source, "Exactly &tap:");
        tap = text(source, nic.tap() == null ? "" : nic.tap());
        fromPool.setSelection(nic.tap() == null);
        fromTap.setSelection(nic.tap() != null);

        Fields.label(c, "NIC &model:");
        model = new Combo(c, SWT.DROP_DOWN);
        for (String m : new String[] { "virtio-net-pci", "virtio-net-pci,romfile=", "e1000", "virtio-net-device" }) {
            model.add(m);
        }
        model.setText(nic.model());
        GridDataFactory.fillDefaults().grab(true, false).applyTo(model);
        model.addModifyListener(e -> validate());

        Group macGroup = group(c, "MAC address");
        stable = radio(macGroup, "&Stable MAC for this configuration:");
        Fields.label(macGroup, stableMac);
        explicit = radio(macGroup, "&Explicit MAC:");
        mac = text(macGroup, nic.mac() == null ? "" : nic.mac());
        stable.setSelection(nic.mac() == null);
        explicit.setSelection(nic.mac() != null);
        vnetHdr = new Button(c, SWT.CHECK);
        vnetHdr.setText("Attach with a &virtio-net header (QEMU vnet_hdr=on)");
        vnetHdr.setSelection(nic.vnetHdr());
        GridDataFactory.fillDefaults().span(2, 1).applyTo(vnetHdr);
        return area;
    }

    private static Group group(Composite c, String text) {
        Group g = new Group(c, SWT.NONE);
        g.setText(text);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(g);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(g);
        return g;
    }

    private Button radio(Composite c, String text) {
        Button b = new Button(c, SWT.RADIO);
        b.setText(text);
        b.addListener(SWT.Selection, e -> validate());
        return b;
    }

    private Text text(Composite c, String value) {
        Text t = new Text(c, SWT.BORDER);
        t.setText(value);
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(t);
        t.addModifyListener(e -> validate());
        return t;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        validate();
    }

    private void validate() {
        if (vnetHdr == null) {
            return;
        }
        NicSpec n = new NicSpec(fromPool.getSelection() ? pool.getText().trim() : null,
                fromTap.getSelection() ? tap.getText().trim() : null, fromPool.getSelection() && create.getSelection(),
                model.getText().trim(), explicit.getSelection() ? mac.getText().trim() : null, vnetHdr.getSelection());
        String problem = n.problem();
        setErrorMessage(problem);
        nic = problem == null ? n : nic;
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(problem == null);
        }
    }

    @Override
    protected void okPressed() {
        validate();
        super.okPressed();
    }
}
