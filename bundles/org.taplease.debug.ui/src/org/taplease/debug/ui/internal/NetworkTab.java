package org.taplease.debug.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;
import org.taplease.core.TapException;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.LaunchInputs;
import org.taplease.debug.core.NicSpec;
import org.taplease.ui.FreeTapPickerDialog;
import org.taplease.ui.TapUi;

/** The NICs of a launch: each on any free tap of a pool or on one tap, with model, MAC policy and vnet header. */
public final class NetworkTab extends AbstractLaunchConfigurationTab {

    /** What the placeholders of the leased NICs' networks are, as the tab's hint says. */
    static final String VARIABLES_HINT = "Variables for the command line, kernel command line and extra arguments:"
            + " {tap}, {fd}, {mac} of the first NIC; on a routed pool's tap (pool create --subnet) also {host_ip} (the"
            + " tap's address), {guest_ip} (the guest's, beside it), {prefix}, {netmask}. Add :N for NIC N, e.g."
            + " {guest_ip:1}. The emulator gets TAPLEASE_HOST_IP, TAPLEASE_GUEST_IP, TAPLEASE_PREFIX,"
            + " TAPLEASE_NETMASK, TAPLEASE_BRIDGE and TAPLEASE_MAC (those the tap has).";

    private final boolean kernelIpOption;
    private Table table;
    private Button kernelIp;
    private final List<NicSpec> nics = new ArrayList<>();
    private String configName = "";
    private volatile Set<String> pools; // null until read (off the UI thread)

    /** A Network tab without the kernel ip= option (Emulator Command). */
    public NetworkTab() {
        this(false);
    }

    /**
     * @param kernelIpOption whether to offer "Configure the guest's network from the lease (kernel ip= argument)"
     *        (QEMU: the launch appends it to the kernel command line)
     */
    public NetworkTab(boolean kernelIpOption) {
        this.kernelIpOption = kernelIpOption;
    }

    @Override
    public String getName() {
        return "Network";
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(c);
        setControl(c);
        table = new Table(c, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String[] col : new String[][] { { "NIC", "40" }, { "Tap source", "230" }, { "Model", "150" },
                { "MAC", "150" }, { "vnet_hdr", "70" } }) {
            TableColumn tc = new TableColumn(table, SWT.LEFT);
            tc.setText(col[0]);
            tc.setWidth(Integer.parseInt(col[1]));
        }
        GridDataFactory.fillDefaults().grab(true, true).hint(420, 160).applyTo(table);
        Composite buttons = new Composite(c, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(buttons);
        GridDataFactory.fillDefaults().align(SWT.FILL, SWT.BEGINNING).applyTo(buttons);
        button(buttons, "&Add...", () -> edit(-1, NicSpec.ofPool(TapUi.defaultPool())));
        button(buttons, "&Pick Free Tap...", this::pick)
                .setToolTipText("Sets the selected NIC's tap from the free-tap picker (adds a NIC when none is selected)");
        button(buttons, "&Edit...", () -> {
            int i = table.getSelectionIndex();
            if (i >= 0) {
                edit(i, nics.get(i));
            }
        });
        button(buttons, "&Remove", () -> {
            int i = table.getSelectionIndex();
            if (i >= 0) {
                nics.remove(i);
                refresh();
            }
        });
        table.addListener(SWT.DefaultSelection, e -> {
            int i = table.getSelectionIndex();
            if (i >= 0) {
                edit(i, nics.get(i));
            }
        });
        if (kernelIpOption) {
            kernelIp = new Button(c, SWT.CHECK);
            kernelIp.setText("&" + LaunchInputs.KERNEL_IP_LABEL);
            kernelIp.setToolTipText("Appends ip=GUEST::HOST:NETMASK::eth0:off of the first NIC's tap to the kernel"
                    + " command line: a Linux guest configures eth0 itself. Needs a kernel and a tap of a routed pool.");
            GridDataFactory.fillDefaults().span(2, 1).indent(0, 6).applyTo(kernelIp);
            kernelIp.addListener(SWT.Selection, e -> updateLaunchConfigurationDialog());
        }
        Label hint = new Label(c, SWT.WRAP);
        hint.setText(VARIABLES_HINT);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(400, SWT.DEFAULT).indent(0, 6).applyTo(hint);
        loadPools();
    }

    /** The kernel ip= check box, or null without it (tests). */
    public Button kernelIpButton() {
        return kernelIp;
    }

    private static Button button(Composite c, String text, Runnable r) {
        Button b = new Button(c, SWT.PUSH);
        b.setText(text);
        GridDataFactory.fillDefaults().applyTo(b);
        b.addListener(SWT.Selection, e -> r.run());
        return b;
    }

    private void loadPools() {
        Job.create("Reading tap pools", monitor -> {
            try {
                pools = Set.copyOf(TabTapService.service().pools().stream().map(PoolInfo::name).toList());
            } catch (TapException e) {
                pools = null; // cannot tell; the launch reports it
            }
            if (table != null && !table.isDisposed()) {
                table.getDisplay().asyncExec(() -> {
                    if (!table.isDisposed()) {
                        updateLaunchConfigurationDialog();
                    }
                });
            }
        }).schedule();
    }

    /**
     * Sets the selected NIC's tap source to the picker's choice (its model, MAC and vnet header stay); adds a NIC
     * only when none is selected.
     */
    private void pick() {
        int i = table.getSelectionIndex();
        NicSpec current = i >= 0 && i < nics.size() ? nics.get(i) : null;
        FreeTapPickerDialog d = new FreeTapPickerDialog(getShell());
        if (current != null) {
            d.initialPool(current.pool()).initialTap(current.tap());
        }
        LeaseRequest r = d.open() == Window.OK ? d.request() : null;
        if (r == null) {
            return;
        }
        NicSpec n = NicSpec.of(r);
        if (current == null) {
            nics.add(new NicSpec(n.pool(), n.tap(), n.allowCreate(), NicSpec.DEFAULT_MODEL, null, n.vnetHdr()));
            i = nics.size() - 1;
        } else {
            nics.set(i, new NicSpec(n.pool(), n.tap(), n.allowCreate(), current.model(), current.mac(),
                    current.vnetHdr()));
        }
        refresh();
        table.setSelection(i);
    }

    private void edit(int index, NicSpec nic) {
        NicDialog d = new NicDialog(getShell(), nic, NicSpec.stableMac(configName, index < 0 ? nics.size() : index));
        if (d.open() == Window.OK) {
            if (index < 0) {
                nics.add(d.nic());
            } else {
                nics.set(index, d.nic());
            }
            refresh();
            table.setSelection(index < 0 ? nics.size() - 1 : index);
        }
    }

    private void refresh() {
        table.removeAll();
        for (int i = 0; i < nics.size(); i++) {
            NicSpec n = nics.get(i);
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { Integer.toString(i), n.describeSource(), n.model(),
                    n.mac() != null ? n.mac() : n.macFor(configName, i) + " (stable; a pool's guest MAC wins)",
                    n.vnetHdr() ? "on" : "off" });
        }
        updateLaunchConfigurationDialog();
    }

    /** The NICs shown (tests). */
    public List<NicSpec> nics() {
        return List.copyOf(nics);
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool(TapUi.defaultPool()).encode()));
        if (kernelIpOption) {
            c.setAttribute(LaunchAttributes.KERNEL_IP_CONFIG, false);
        }
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        nics.clear();
        configName = c.getName();
        try {
            for (String s : c.getAttribute(LaunchAttributes.NICS, List.<String>of())) {
                nics.add(NicSpec.decode(s));
            }
            if (kernelIp != null) {
                kernelIp.setSelection(c.getAttribute(LaunchAttributes.KERNEL_IP_CONFIG, false));
            }
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
        }
        refresh();
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(LaunchAttributes.NICS, nics.stream().map(NicSpec::encode).toList());
        if (kernelIp != null) {
            c.setAttribute(LaunchAttributes.KERNEL_IP_CONFIG, kernelIp.getSelection());
        }
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setErrorMessage(null);
        if (nics.isEmpty()) {
            setErrorMessage("Add a NIC: taplease launches attach each NIC to a leased tap");
            return false;
        }
        Set<String> known = pools;
        for (int i = 0; i < nics.size(); i++) {
            NicSpec n = nics.get(i);
            String problem = n.problem();
            if (problem == null && known != null && n.pool() != null && !n.allowCreate() && !known.contains(n.pool())) {
                problem = "pool " + n.pool() + " does not exist here: " + (known.isEmpty() ? ""
                        : "choose one that does (" + String.join(", ", new java.util.TreeSet<>(known)) + "), ")
                        + "provision it once with sudo taplease pool create --name " + n.pool()
                        + " --count 4 --owner $USER, or allow creating";
            }
            if (problem != null) {
                setErrorMessage("NIC " + i + ": " + problem);
                return false;
            }
        }
        return true;
    }
}
