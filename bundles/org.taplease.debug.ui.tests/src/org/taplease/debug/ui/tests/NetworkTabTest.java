package org.taplease.debug.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.LaunchInputs;
import org.taplease.debug.core.NicSpec;
import org.taplease.ui.tests.support.Ui;

/**
 * The Network tab of the QEMU type offers the kernel ip= option and documents the network variables; the option is
 * stored in the configuration. The Emulator Command type's tab has the hint but not the option (it has no kernel
 * command line).
 */
class NetworkTabTest {

    private static final String DIALOG = "Run Configurations";

    @AfterEach
    void tearDown() throws Exception {
        ILaunchManager lm = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunchConfiguration c : lm.getLaunchConfigurations()) {
            c.delete();
        }
    }

    private static Shell open(ILaunchConfiguration c) {
        Ui.display().asyncExec(() -> DebugUITools.openLaunchConfigurationDialogOnGroup(
                Ui.page().getWorkbenchWindow().getShell(), new StructuredSelection(c),
                IDebugUIConstants.ID_RUN_LAUNCH_GROUP));
        Shell d = Ui.waitForShell(DIALOG);
        Ui.run(() -> {
            for (CTabFolder f : Ui.find(d, CTabFolder.class, x -> true)) {
                for (CTabItem i : f.getItems()) {
                    if (i.getText().equals("Network")) {
                        f.setSelection(i);
                        Event e = new Event();
                        e.item = i;
                        f.notifyListeners(SWT.Selection, e);
                    }
                }
            }
        });
        return d;
    }

    private static void close(Shell d) {
        Ui.run(() -> Ui.press(d, "Close"));
        Ui.waitFor(Duration.ofSeconds(10), "the dialog to close", () -> Ui.shell(DIALOG) == null);
    }

    private static List<Button> kernelIpBoxes(Shell d) {
        return Ui.find(d, Button.class, b -> (b.getStyle() & SWT.CHECK) != 0
                && b.getText().replace("&", "").equals(LaunchInputs.KERNEL_IP_LABEL));
    }

    @Test
    void theQemuTypeStoresTheKernelIpOption() throws Exception {
        Path kernel = Files.createTempFile("vmlinux", "");
        try {
            ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                    .getLaunchConfigurationType(LaunchAttributes.QEMU_TYPE).newInstance(null, "kernelip");
            wc.setAttribute(LaunchAttributes.KERNEL, kernel.toString());
            wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool("vm").encode()));
            ILaunchConfiguration c = wc.doSave();
            Shell d = open(c);
            Ui.waitFor(Duration.ofSeconds(20), "the kernel ip= check box", () -> kernelIpBoxes(d).size() == 1);
            assertThat(Ui.sync(() -> kernelIpBoxes(d).get(0).getSelection())).isFalse();
            assertThat(Ui.sync(() -> Ui.texts(d))).contains("{host_ip} (the tap's address), {guest_ip} (the guest's, beside it)")
                    .contains("TAPLEASE_GUEST_IP");
            Ui.run(() -> {
                Button box = kernelIpBoxes(d).get(0);
                box.setSelection(true);
                box.notifyListeners(SWT.Selection, new Event());
            });
            Ui.screenshotOf("launch-network-tab-kernel-ip", d);
            Ui.run(() -> Ui.press(d, "Apply"));
            Ui.waitFor(Duration.ofSeconds(10), "the option to be saved",
                    () -> attribute(c));
            close(d);
        } finally {
            Files.delete(kernel);
        }
    }

    private static boolean attribute(ILaunchConfiguration c) {
        try {
            return c.getAttribute(LaunchAttributes.KERNEL_IP_CONFIG, false);
        } catch (org.eclipse.core.runtime.CoreException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCommandTypeHasTheHintButNoKernelOption() throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "cmd");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "true {guest_ip}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool("vm").encode()));
        ILaunchConfiguration c = wc.doSave();
        Shell d = open(c);
        Ui.waitFor(Duration.ofSeconds(20), "the variables hint", () -> Ui.texts(d).contains("{guest_ip:1}"));
        assertThat(Ui.sync(() -> kernelIpBoxes(d))).isEmpty();
        close(d);
    }
}
