package org.taplease.debug.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.ui.IPerspectiveDescriptor;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.WorkbenchException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.ui.TapViews;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

/**
 * A launch in taplease's perspectives: the Console the launch brings to the front does not hide Tap Status (they are in
 * different stacks), so the user watches the leased tap's chart and the emulator's output at once.
 */
class LaunchPerspectiveTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final String CONSOLE = "org.eclipse.ui.console.ConsoleView";

    private Taps taps;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        taps = new Taps();
        dir = Files.createTempDirectory("taplease-perspective");
    }

    @AfterEach
    void tearDown() throws Exception {
        Launches.removeAll();
        // the perspectives show Tap Devices, whose watch of kernel events lives as long as the view
        Ui.run(() -> {
            IWorkbenchPage page = Ui.page();
            IPerspectiveDescriptor active = page.getPerspective();
            for (IPerspectiveDescriptor p : page.getOpenPerspectives()) {
                page.setPerspective(p);
                for (String id : List.of(TapViews.TAP_STATUS, TapViews.TAP_DEVICES)) {
                    IViewPart v = page.findView(id);
                    if (v != null) {
                        page.hideView(v);
                    }
                }
            }
            page.setPerspective(active);
        });
        taps.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = { "org.taplease.workbench.perspective", TapViews.PERSPECTIVE })
    void afterALaunchTheConsoleAndTapStatusAreBothVisible(String perspective) throws Exception {
        taps.pool("persp", 1);
        Path script = dir.resolve("emulator.sh");
        Files.writeString(script, "#!/bin/sh\necho \"emulator on $1\"\nexec sleep 600\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "console");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, script + " {tap}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool("persp").encode()));
        ILaunchConfiguration c = wc.doSave();

        Ui.run(() -> {
            IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            w.getShell().setBounds(0, 0, 1280, 800);
            try {
                PlatformUI.getWorkbench().showPerspective(perspective, w);
            } catch (WorkbenchException e) {
                throw new IllegalStateException(e);
            }
            IWorkbenchPage page = Ui.page();
            page.resetPerspective(); // the perspective's own layout, whatever an earlier test did
            IViewPart console = page.findView(CONSOLE);
            if (console != null) {
                page.hideView(console); // the launch opens it
            }
            try {
                page.showView(TapViews.TAP_STATUS);
            } catch (org.eclipse.ui.PartInitException e) {
                throw new IllegalStateException(e);
            }
        });

        Ui.run(() -> DebugUITools.launch(c, ILaunchManager.RUN_MODE));
        Ui.waitFor(Duration.ofSeconds(30), "the launch's process", () -> {
            ILaunch[] ls = DebugPlugin.getDefault().getLaunchManager().getLaunches();
            return ls.length == 1 && ls[0].getProcesses().length == 1 && !ls[0].isTerminated();
        });
        Ui.waitFor(Duration.ofSeconds(30), "the Console to come up for the launch's output", () -> {
            IViewPart console = Ui.page().findView(CONSOLE);
            return console != null && Ui.page().isPartVisible(console);
        });
        assertThat(Ui.sync(() -> Ui.page().getPerspective().getId())).isEqualTo(perspective);
        assertThat(Ui.sync(() -> {
            IViewPart status = Ui.page().findView(TapViews.TAP_STATUS);
            return status != null && Ui.page().isPartVisible(status);
        })).as("Tap Status visible beside the Console in %s", perspective).isTrue();
        Ui.screenshot("launch-console-and-status-" + perspective.replace('.', '-'));
    }
}
