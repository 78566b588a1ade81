package org.taplease.debug.ui.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.taplease.core.Kvm;
import org.taplease.debug.core.LaunchAttributes;

/**
 * QEMU: binary, what to boot, machine, memory, CPUs, accelerator (with a KVM probe), extra arguments, and the Debug
 * launch options (stop at the first instruction, start gdb).
 */
public final class QemuMainTab extends AbstractLaunchConfigurationTab {

    private Combo binary;
    private Text kernel;
    private Text initrd;
    private Text kernelArgs;
    private Text disk;
    private Combo machine;
    private Spinner memory;
    private Spinner cpus;
    private Combo accel;
    private Label kvmVerdict;
    private Text extra;
    private Button stopAtStart;
    private Button startGdb;

    @Override
    public String getName() {
        return "Main";
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(c);
        setControl(c);
        Fields.label(c, "&QEMU binary:");
        binary = new Combo(c, SWT.DROP_DOWN);
        Fields.qemusOnPath().forEach(binary::add);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(binary);
        binary.addModifyListener(e -> changed());
        Button browse = new Button(c, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, e -> {
            org.eclipse.swt.widgets.FileDialog d = new org.eclipse.swt.widgets.FileDialog(c.getShell(), SWT.OPEN);
            String f = d.open();
            if (f != null) {
                binary.setText(f);
            }
        });
        kernel = Fields.fileField(c, "&Kernel:", this::changed, true);
        initrd = Fields.fileField(c, "&Initrd:", this::changed, true);
        kernelArgs = Fields.fileField(c, "Kernel &command line:", this::changed, false);
        kernelArgs.setMessage("e.g. console=ttyS0 (may use {tap}, {mac}, ${variables})");
        disk = Fields.fileField(c, "&Disk image:", this::changed, true);

        Fields.label(c, "&Machine:");
        machine = new Combo(c, SWT.DROP_DOWN);
        for (String m : new String[] { "q35", "pc", "microvm" }) {
            machine.add(m);
        }
        GridDataFactory.fillDefaults().span(2, 1).applyTo(machine);
        machine.addModifyListener(e -> changed());
        Fields.label(c, "M&emory (MiB):");
        memory = new Spinner(c, SWT.BORDER);
        memory.setValues(LaunchAttributes.DEFAULT_MEMORY_MB, 16, 1 << 20, 0, 64, 256);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(memory);
        memory.addModifyListener(e -> changed());
        Fields.label(c, "C&PUs:");
        cpus = new Spinner(c, SWT.BORDER);
        cpus.setValues(1, 1, 512, 0, 1, 4);
        GridDataFactory.swtDefaults().span(2, 1).applyTo(cpus);
        cpus.addModifyListener(e -> changed());

        Fields.label(c, "&Accelerator:");
        accel = new Combo(c, SWT.READ_ONLY);
        accel.add("tcg");
        accel.add("kvm");
        accel.addModifyListener(e -> changed());
        Button probe = new Button(c, SWT.PUSH);
        probe.setText("Probe &KVM");
        probe.addListener(SWT.Selection, e -> probeKvm(probe));
        new Label(c, SWT.NONE);
        kvmVerdict = new Label(c, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(400, SWT.DEFAULT).applyTo(kvmVerdict);

        extra = Fields.fileField(c, "E&xtra arguments:", this::changed, false);
        extra.setMessage("e.g. -cpu max -no-reboot (may use {tap}, {fd}, {mac}, ${variables})");

        Label debug = new Label(c, SWT.WRAP);
        debug.setText("Debug launches give QEMU a GDB stub on a free port of 127.0.0.1 (${taplease_gdb_port}); gdb"
                + " reads the kernel's symbols:");
        // wraps to the dialog's width instead of widening the tab past it
        GridDataFactory.fillDefaults().span(3, 1).grab(true, false).hint(400, SWT.DEFAULT).applyTo(debug);
        stopAtStart = new Button(c, SWT.CHECK);
        stopAtStart.setText("&Stop at the first instruction (-S) until a debugger continues");
        GridDataFactory.fillDefaults().span(3, 1).indent(12, 0).applyTo(stopAtStart);
        stopAtStart.addListener(SWT.Selection, e -> changed());
        startGdb = new Button(c, SWT.CHECK);
        startGdb.setText("Start &gdb connected to the guest (gdb or gdb-multiarch on PATH)");
        GridDataFactory.fillDefaults().span(3, 1).indent(12, 0).applyTo(startGdb);
        startGdb.addListener(SWT.Selection, e -> changed());
        // the debug options right below the kernel command line, where the launch dialog's first size shows them
        Control below = disk.getParent().getChildren()[java.util.Arrays.asList(c.getChildren()).indexOf(disk) - 1];
        debug.moveAbove(below);
        stopAtStart.moveAbove(below);
        startGdb.moveAbove(below);
    }

    /** Probes KVM in a job (system calls stay off the UI thread) and shows the verdict when it is in. */
    private void probeKvm(Button probe) {
        probe.setEnabled(false);
        kvmVerdict.setText("Probing " + Kvm.DEVICE + "...");
        Job job = Job.create("Probing KVM", monitor -> {
            Kvm.Status r = Kvm.probe();
            probe.getDisplay().asyncExec(() -> {
                if (kvmVerdict.isDisposed()) {
                    return;
                }
                probe.setEnabled(true);
                kvmVerdict.setText((r.usable() ? "KVM usable: " : "KVM not usable: ") + r.reason());
                kvmVerdict.getParent().layout();
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void changed() {
        updateLaunchConfigurationDialog();
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(LaunchAttributes.QEMU_BINARY, LaunchAttributes.DEFAULT_QEMU);
        c.setAttribute(LaunchAttributes.MACHINE, LaunchAttributes.DEFAULT_MACHINE);
        c.setAttribute(LaunchAttributes.MEMORY_MB, LaunchAttributes.DEFAULT_MEMORY_MB);
        c.setAttribute(LaunchAttributes.CPUS, LaunchAttributes.DEFAULT_CPUS);
        c.setAttribute(LaunchAttributes.ACCELERATOR, LaunchAttributes.DEFAULT_ACCELERATOR);
        c.setAttribute(LaunchAttributes.KERNEL_ARGS, "console=ttyS0");
        c.setAttribute(LaunchAttributes.STOP_AT_START, false);
        c.setAttribute(LaunchAttributes.START_GDB, false);
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        try {
            binary.setText(c.getAttribute(LaunchAttributes.QEMU_BINARY, LaunchAttributes.DEFAULT_QEMU));
            kernel.setText(c.getAttribute(LaunchAttributes.KERNEL, ""));
            initrd.setText(c.getAttribute(LaunchAttributes.INITRD, ""));
            kernelArgs.setText(c.getAttribute(LaunchAttributes.KERNEL_ARGS, ""));
            disk.setText(c.getAttribute(LaunchAttributes.DISK, ""));
            machine.setText(c.getAttribute(LaunchAttributes.MACHINE, LaunchAttributes.DEFAULT_MACHINE));
            memory.setSelection(c.getAttribute(LaunchAttributes.MEMORY_MB, LaunchAttributes.DEFAULT_MEMORY_MB));
            cpus.setSelection(c.getAttribute(LaunchAttributes.CPUS, LaunchAttributes.DEFAULT_CPUS));
            accel.setText(c.getAttribute(LaunchAttributes.ACCELERATOR, LaunchAttributes.DEFAULT_ACCELERATOR));
            extra.setText(c.getAttribute(LaunchAttributes.EXTRA_ARGS, ""));
            stopAtStart.setSelection(c.getAttribute(LaunchAttributes.STOP_AT_START, false));
            startGdb.setSelection(c.getAttribute(LaunchAttributes.START_GDB, false));
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(LaunchAttributes.QEMU_BINARY, binary.getText().trim());
        c.setAttribute(LaunchAttributes.KERNEL, kernel.getText().trim());
        c.setAttribute(LaunchAttributes.INITRD, initrd.getText().trim());
        c.setAttribute(LaunchAttributes.KERNEL_ARGS, kernelArgs.getText().trim());
        c.setAttribute(LaunchAttributes.DISK, disk.getText().trim());
        c.setAttribute(LaunchAttributes.MACHINE, machine.getText().trim());
        c.setAttribute(LaunchAttributes.MEMORY_MB, memory.getSelection());
        c.setAttribute(LaunchAttributes.CPUS, cpus.getSelection());
        c.setAttribute(LaunchAttributes.ACCELERATOR, accel.getText());
        c.setAttribute(LaunchAttributes.EXTRA_ARGS, extra.getText().trim());
        c.setAttribute(LaunchAttributes.STOP_AT_START, stopAtStart.getSelection());
        c.setAttribute(LaunchAttributes.START_GDB, startGdb.getSelection());
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setErrorMessage(null);
        String problem = Fields.programProblem("QEMU binary", binary.getText().trim());
        if (problem == null) {
            problem = Fields.fileProblem("Kernel", kernel.getText());
        }
        if (problem == null) {
            problem = Fields.fileProblem("Initrd", initrd.getText());
        }
        if (problem == null) {
            problem = Fields.fileProblem("Disk image", disk.getText());
        }
        if (problem == null && kernel.getText().isBlank() && disk.getText().isBlank()) {
            problem = "Choose a kernel or a disk image to boot";
        }
        if (problem == null && !initrd.getText().isBlank() && kernel.getText().isBlank()) {
            problem = "An initrd needs a kernel";
        }
        if (problem == null && !machine.getText().trim().matches("[A-Za-z0-9_.,=-]+")) {
            problem = "Invalid machine type: e.g. q35, pc, microvm";
        }
        setErrorMessage(problem);
        return problem == null;
    }
}
