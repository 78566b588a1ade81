package org.taplease.debug.ui.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.taplease.debug.core.LaunchAttributes;

/** Emulator Command: the command line (with tap placeholders) and the working directory. */
public final class CommandTab extends AbstractLaunchConfigurationTab {

    private Text commandLine;
    private Text directory;

    @Override
    public String getName() {
        return "Command";
    }

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(c);
        setControl(c);
        Fields.label(c, "&Command line:");
        commandLine = new Text(c, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).hint(500, 90).applyTo(commandLine);
        commandLine.addModifyListener(e -> updateLaunchConfigurationDialog());
        new Label(c, SWT.NONE);
        Label hint = new Label(c, SWT.WRAP);
        hint.setText("{fd}, {tap}, {mac}: the first NIC's descriptor number, tap name and MAC; {host_ip},"
                + " {guest_ip}, {prefix}, {netmask}: the network its tap carries (a routed pool's); {fd:1}, {tap:1},"
                + " {mac:1}, {guest_ip:1} for the second NIC, and so on. Eclipse variables (${...}) work too. Example:"
                + " crosvm run --tap-fd {fd} ... or qemu-system-x86_64 ... -netdev tap,id=n0,fd={fd}");
        GridDataFactory.fillDefaults().grab(true, false).hint(500, SWT.DEFAULT).applyTo(hint);
        directory = Fields.fileField(c, "&Working directory:", this::updateLaunchConfigurationDialog, false);
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(LaunchAttributes.COMMAND_LINE, "");
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        try {
            commandLine.setText(c.getAttribute(LaunchAttributes.COMMAND_LINE, ""));
            directory.setText(c.getAttribute(LaunchAttributes.WORKING_DIRECTORY, ""));
        } catch (CoreException e) {
            setErrorMessage(e.getStatus().getMessage());
        }
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(LaunchAttributes.COMMAND_LINE, commandLine.getText().trim());
        c.setAttribute(LaunchAttributes.WORKING_DIRECTORY, directory.getText().trim());
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        String[] args = DebugPlugin.splitArguments(commandLine.getText().trim());
        String problem = args.length == 0 ? "Enter the emulator's command line" : Fields.programProblem("Program", args[0]);
        setErrorMessage(problem);
        return problem == null;
    }
}
