package org.taplease.debug.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapException;
import org.taplease.core.TapLease;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

/**
 * A launch that fails for a reason with a fix (here: every tap of its pool is held) shows the error as the IDE's other
 * tap errors do: the launch's message, the reason and the fix with a <em>Copy Fix</em> button that puts the fix on the
 * clipboard; and no second, fix-less "Problem Occurred" dialog.
 */
class LaunchErrorUiTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private Taps taps;

    @BeforeEach
    void setUp() {
        taps = new Taps();
    }

    @AfterEach
    void tearDown() throws Exception {
        Ui.run(() -> {
            for (Shell s : Ui.display().getShells()) {
                if (s != Ui.page().getWorkbenchWindow().getShell() && !s.isDisposed()) {
                    s.close();
                }
            }
        });
        Launches.removeAll();
        taps.close();
    }

    @Test
    void aLaunchOnAnExhaustedPoolShowsItsFixWithCopyFix() throws Exception {
        taps.pool("full", 1);
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "exhausted");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "true {tap}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool("full").encode()));
        ILaunchConfiguration c = wc.doSave();
        String fix;
        try (TapLease held = Taps.service().lease(LeaseRequest.fromPool("full"))) {
            try (TapLease again = Taps.service().lease(LeaseRequest.fromPool("full"))) {
                throw new AssertionError("the pool should be exhausted, got " + again.name());
            } catch (TapException e) {
                assertThat(e.reason()).isEqualTo(TapException.Reason.POOL_EXHAUSTED);
                fix = e.fix();
            }
            assertThat(fix).isNotBlank();

            Ui.run(() -> DebugUITools.launch(c, ILaunchManager.RUN_MODE));
            Shell d = Ui.waitForShell("Launching exhausted");
            String shown = Ui.sync(() -> Ui.texts(d));
            assertThat(shown).contains("NIC 0 (any free tap of pool full): pool full: its only tap is held.")
                    .contains("Every tap of the pool is held.");
            assertThat(shown.split(java.util.regex.Pattern.quote(fix), -1)).as("the fix, once, in its own field")
                    .hasSize(2);
            assertThat(Ui.sync(() -> Ui.find(d, Button.class, b -> b.getText().replace("&", "").equals("Copy Fix"))))
                    .as("the Copy Fix button").hasSize(1);
            Ui.screenshotOf("launch-error-copy-fix", d);

            Ui.run(() -> {
                Clipboard cb = new Clipboard(Ui.display());
                try {
                    cb.setContents(new Object[] { "before" }, new org.eclipse.swt.dnd.Transfer[] {
                            TextTransfer.getInstance() });
                } finally {
                    cb.dispose();
                }
            });
            Ui.run(() -> Ui.press(d, "Copy Fix"));
            Ui.waitFor(Duration.ofSeconds(10), "the fix on the clipboard", () -> {
                Clipboard cb = new Clipboard(Ui.display());
                try {
                    return fix.equals(cb.getContents(TextTransfer.getInstance()));
                } finally {
                    cb.dispose();
                }
            });
            assertThat(Ui.sync(d::isDisposed)).as("Copy Fix leaves the dialog open").isFalse();
            Ui.run(() -> Ui.press(d, "Close"));
            Ui.waitFor(Duration.ofSeconds(10), "the dialog to close", () -> Ui.shell("Launching exhausted") == null);
            assertThat(Ui.sync(() -> Ui.shell("Problem Occurred"))).as("no second dialog without the fix").isNull();
            assertThat(DebugPlugin.getDefault().getLaunchManager().getLaunches()).as("the failed launch is gone")
                    .isEmpty();
        }
    }
}
