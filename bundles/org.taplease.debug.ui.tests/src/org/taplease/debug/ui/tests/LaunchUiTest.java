package org.taplease.debug.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
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
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.TapInfo;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.debug.core.tests.Guest;
import org.taplease.debug.ui.internal.QemuLaunchShortcut;
import org.taplease.ui.internal.views.TapDevicesView;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

/**
 * The launch UI in the real workbench: the QEMU configuration's tabs validate, and Run As > QEMU Virtual Machine on a
 * kernel in the workspace boots it on a free tap that the Tap Devices view shows held by QEMU.
 */
class LaunchUiTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private Taps taps;
    private IProject project;

    @BeforeEach
    void setUp() throws Exception {
        taps = new Taps();
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("images");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
    }

    @AfterEach
    void tearDown() throws Exception {
        // a test that failed with its dialog open must not leave it to the next one
        Ui.run(() -> {
            for (String title : List.of("Run Configurations", "Debug Configurations")) {
                Shell open = Ui.shell(title);
                if (open != null) {
                    open.close();
                }
            }
        });
        Launches.removeAll();
        project.delete(true, null);
        Ui.closeView(TapDevicesView.ID);
        taps.close();
    }

    @Test
    void runAsOnAKernelBootsItOnAFreeTapThatTheViewShowsHeldByQemu() throws Exception {
        Path g = Guest.dir();
        taps.pool("vm", 2);
        IFile kernel = project.getFile("vmlinux");
        kernel.createLink(org.eclipse.core.runtime.Path.fromOSString(g.resolve("vmlinux").toString()), 0, null);

        ILaunchConfiguration c = Ui.sync(() -> {
            try {
                return QemuLaunchShortcut.configurationFor(kernel);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(c.getAttribute(LaunchAttributes.KERNEL, "")).isEqualTo(kernel.getLocation().toOSString());
        assertThat(c.getAttribute(LaunchAttributes.NICS, List.<String>of())).as("the pool that exists here")
                .containsExactly(NicSpec.ofPool("vm").encode());
        // the shortcut cannot know the initrd and the test machine: complete it as a user would on the Main tab
        ILaunchConfigurationWorkingCopy wc = c.getWorkingCopy();
        wc.setAttribute(LaunchAttributes.INITRD, g.resolve("initramfs.cpio.gz").toString());
        wc.setAttribute(LaunchAttributes.MACHINE, "pc");
        wc.setAttribute(LaunchAttributes.MEMORY_MB, 128);
        wc.setAttribute(LaunchAttributes.KERNEL_ARGS, "console=ttyS0 quiet panic=-1 taplease.tap={tap}"
                + " taplease.count=1 taplease.linger=60");
        wc.setAttribute(LaunchAttributes.EXTRA_ARGS, "-no-reboot");
        wc.setAttribute(LaunchAttributes.NICS,
                List.of(new NicSpec("vm", null, false, "virtio-net-pci,romfile=", null, false).encode()));
        ILaunchConfiguration saved = wc.doSave();
        assertThat(Ui.sync(() -> {
            try {
                return QemuLaunchShortcut.configurationFor(kernel);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).as("Run As again reuses the configuration").isEqualTo(saved);

        TapDevicesView view = Ui.showView(TapDevicesView.ID);
        Ui.run(() -> {
            try {
                Ui.page().showView(IDebugUIConstants.ID_DEBUG_VIEW);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Ui.run(() -> DebugUITools.launch(saved, ILaunchManager.RUN_MODE));
        Ui.waitFor(Duration.ofSeconds(30), "a launch with a tap", () -> {
            ILaunch[] ls = DebugPlugin.getDefault().getLaunchManager().getLaunches();
            return ls.length == 1 && ls[0].getAttribute(LaunchAttributes.LAUNCH_TAPS) != null
                    && ls[0].getProcesses().length == 1;
        });
        ILaunch launch = DebugPlugin.getDefault().getLaunchManager().getLaunches()[0];
        String tap = launch.getAttribute(LaunchAttributes.LAUNCH_TAPS);
        int qemuPid = Ui.sync(() -> Integer.parseInt(launch.getProcesses()[0].getAttribute(
                org.eclipse.debug.core.model.IProcess.ATTR_PROCESS_ID)));
        Ui.waitFor(Duration.ofSeconds(30), tap + " held by QEMU in Tap Devices", () -> view.shownRows().stream()
                .anyMatch(r -> r.name().equals(tap) && r.stateText().startsWith(
                        "held by qemu-system-x86_64 (pid " + qemuPid + ")")));
        assertThat(launch.getProcesses()[0].getLabel()).isEqualTo("qemu-system-x86_64 [" + tap + "]");
        Ui.run(() -> view.select(tap));
        Ui.screenshot("launch-qemu-holder");

        launch.terminate();
        Ui.waitFor(Duration.ofSeconds(20), "the launch to end", launch::isTerminated);
        Ui.waitFor(Duration.ofSeconds(20), tap + " free again",
                () -> !taps.service().tap(tap, false).map(TapInfo::attached).orElse(true));
    }

    @Test
    void theTabsValidateBeforeTheUserCanRun() throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.QEMU_TYPE).newInstance(null, "validated");
        wc.setAttribute(LaunchAttributes.QEMU_BINARY, "qemu-system-nonexistent");
        wc.setAttribute(LaunchAttributes.KERNEL, "/nonexistent/vmlinux");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool("vm").encode()));
        ILaunchConfiguration c = wc.doSave();
        Ui.display().asyncExec(() -> DebugUITools.openLaunchConfigurationDialogOnGroup(
                Ui.page().getWorkbenchWindow().getShell(), new StructuredSelection(c),
                IDebugUIConstants.ID_RUN_LAUNCH_GROUP));
        Shell d = Ui.waitForShell("Run Configurations");
        Ui.waitFor(Duration.ofSeconds(20), "the binary error", () -> Ui.texts(d).contains(
                "QEMU binary qemu-system-nonexistent was not found on PATH"));
        List<String> tabs = Ui.sync(() -> Ui.find(d, CTabFolder.class, x -> true).stream()
                .flatMap(f -> java.util.Arrays.stream(f.getItems())).map(CTabItem::getText).toList());
        assertThat(tabs).contains("Main", "Network", "Common");
        Ui.screenshotOf("launch-main-tab", d);

        Ui.run(() -> {
            List<Text> texts = Ui.find(d, Text.class, t -> t.getText().equals("qemu-system-nonexistent"));
            Text binary = texts.isEmpty() ? null : texts.get(0);
            if (binary != null) {
                Ui.type(binary, "qemu-system-x86_64");
            } else {
                org.eclipse.swt.widgets.Combo combo = Ui.find(d, org.eclipse.swt.widgets.Combo.class,
                        x -> x.getText().equals("qemu-system-nonexistent")).get(0);
                combo.setText("qemu-system-x86_64");
            }
        });
        Ui.waitFor(Duration.ofSeconds(20), "the kernel error", () -> Ui.texts(d).contains(
                "Kernel /nonexistent/vmlinux does not exist"));
        Ui.run(() -> {
            for (CTabFolder f : Ui.find(d, CTabFolder.class, x -> true)) {
                for (CTabItem i : f.getItems()) {
                    if (i.getText().equals("Network")) {
                        f.setSelection(i);
                        f.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event() {
                            {
                                item = i;
                            }
                        });
                    }
                }
            }
        });
        Ui.screenshotOf("launch-network-tab", d);
        Ui.run(() -> Ui.press(d, "Revert")); // no unsaved changes: Close asks nothing
        Ui.run(() -> Ui.press(d, "Close"));
        Ui.waitFor(Duration.ofSeconds(10), "the dialog to close", () -> Ui.shell("Run Configurations") == null);
    }

    @Test
    void theMainTabOffersTheDebugOptions() throws Exception {
        Path g = Guest.dir();
        taps.pool("vm", 2);
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.QEMU_TYPE).newInstance(null, "debugged");
        wc.setAttribute(LaunchAttributes.KERNEL, g.resolve("vmlinux").toString());
        wc.setAttribute(LaunchAttributes.INITRD, g.resolve("initramfs.cpio.gz").toString());
        wc.setAttribute(LaunchAttributes.KERNEL_ARGS, "console=ttyS0 nokaslr");
        wc.setAttribute(LaunchAttributes.MACHINE, "pc");
        wc.setAttribute(LaunchAttributes.STOP_AT_START, true);
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool("vm").encode()));
        ILaunchConfiguration c = wc.doSave();
        Ui.display().asyncExec(() -> DebugUITools.openLaunchConfigurationDialogOnGroup(
                Ui.page().getWorkbenchWindow().getShell(), new StructuredSelection(c),
                IDebugUIConstants.ID_DEBUG_LAUNCH_GROUP));
        Shell d = Ui.waitForShell("Debug Configurations");
        String stop = "Stop at the first instruction (-S) until a debugger continues";
        String gdb = "Start gdb connected to the guest (gdb or gdb-multiarch on PATH)";
        Ui.waitFor(Duration.ofSeconds(20), "the debug options", () -> !Ui.find(d, Button.class,
                b -> b.getText().replace("&", "").equals(gdb)).isEmpty());
        assertThat(Ui.sync(() -> Ui.find(d, Button.class, b -> b.getText().replace("&", "").equals(stop)).get(0)
                .getSelection())).isTrue();
        Ui.run(() -> {
            Button b = Ui.find(d, Button.class, x -> x.getText().replace("&", "").equals(gdb)).get(0);
            assertThat(b.getSelection()).isFalse();
            b.setSelection(true);
            b.notifyListeners(SWT.Selection, new Event());
        });
        // at the dialog's first size both options are in view: inside every enclosing control's visible area, once
        // the dialog has laid the tab out (it does so after the controls exist)
        for (String option : List.of(stop, gdb)) {
            Ui.waitFor(Duration.ofSeconds(10), option + " in view", () -> fullyVisible(Ui.find(d, Button.class,
                    x -> x.getText().replace("&", "").equals(option)).get(0)));
        }
        Ui.screenshotOf("launch-debug-options", d);
        Ui.run(() -> Ui.press(d, "Apply"));
        Ui.waitFor(Duration.ofSeconds(10), "the option to be saved",
                () -> {
                    try {
                        return c.getAttribute(LaunchAttributes.START_GDB, false);
                    } catch (org.eclipse.core.runtime.CoreException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Ui.run(() -> Ui.press(d, "Close"));
        Ui.waitFor(Duration.ofSeconds(10), "the dialog to close", () -> Ui.shell("Debug Configurations") == null);
    }

    /** Whether {@code c} lies wholly inside the visible area of each control that encloses it, up to its shell. */
    private static boolean fullyVisible(org.eclipse.swt.widgets.Control c) {
        org.eclipse.swt.graphics.Rectangle b = c.getBounds();
        org.eclipse.swt.graphics.Rectangle r = new org.eclipse.swt.graphics.Rectangle(0, 0, b.width, b.height);
        for (org.eclipse.swt.widgets.Composite p = c.getParent(); p != null; p = p.getParent()) {
            org.eclipse.swt.graphics.Rectangle inP = c.getDisplay().map(c, p, r);
            org.eclipse.swt.graphics.Rectangle area = p.getClientArea();
            if (!area.contains(inP.x, inP.y) || !area.contains(inP.x + inP.width - 1, inP.y + inP.height - 1)) {
                return false;
            }
            if (p instanceof Shell) {
                break;
            }
        }
        return b.width > 0 && b.height > 0;
    }
}
