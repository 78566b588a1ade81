package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.Checkup;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.CheckSetupDialog;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.views.TapDevicesView;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

/**
 * Health in the Tap Devices view: the empty view's first-pool hint and its Check setup link, which opens the doctor's
 * checks with their fixes; a tap that looks leaked is marked with the fix in its tool tip; a bridged tap shows its
 * bridge and the bridge's port count. Real taps and bridges of the test namespace.
 */
class SetupHealthViewTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String LEAKED = "uilk0";
    private static final String BRIDGE = "uibr1";

    private Taps taps;
    private TapDevicesView view;

    @BeforeEach
    void open() {
        taps = new Taps();
    }

    @AfterEach
    void close() {
        Ui.run(() -> {
            Shell d = Ui.shell(CheckSetupDialog.TITLE);
            if (d != null) {
                d.close();
            }
        });
        Ui.closeView(TapDevicesView.ID);
        for (String l : List.of(LEAKED, BRIDGE)) {
            if (Kernel.links().contains(l)) {
                Kernel.run("ip", "link", "del", l);
            }
        }
        taps.close();
    }

    private void waitForCell(String tap, String column, String text) {
        Ui.waitFor(WAIT, tap + " shown with " + column + " '" + text + "'", () -> text.equals(view.cell(tap, column)));
    }

    @Test
    void theEmptyViewShowsTheFirstPoolCommandAndChecksTheSetup() {
        view = Ui.showView(TapDevicesView.ID);
        Ui.waitFor(WAIT, "the first-pool hint of the empty view", () -> view.setupHintShown());
        String texts = Ui.sync(() -> Ui.texts(view.getSite().getShell()));
        assertThat(texts).contains(Checkup.NO_TAPS).contains(Checkup.FIRST_POOL_COMMAND);
        Ui.run(() -> Ui.page().activate(view));
        Ui.screenshot("tap-devices-empty-hint");

        Ui.run(() -> view.checkSetupLink().notifyListeners(SWT.Selection, new Event()));
        Shell d = Ui.waitForShell(CheckSetupDialog.TITLE);
        CheckSetupDialog dialog = Ui.sync(() -> (CheckSetupDialog) d.getData());
        List<String> rows = Ui.sync(() -> {
            List<String> out = new ArrayList<>();
            for (TableItem i : dialog.table().getItems()) {
                out.add(i.getText(0) + " " + i.getText(1));
            }
            return out;
        });
        assertThat(rows).hasSize(dialog.checkup().checks().size())
                .anyMatch(r -> r.startsWith("ok tun driver: in the kernel"))
                .contains("warn no pools in this network namespace")
                .anyMatch(r -> r.startsWith("ok hand-over locks: none stale or refused"))
                .anyMatch(r -> r.startsWith("ok Java "));
        assertThat(dialog.checkup().checks()).extracting(Checkup.Check::id).startsWith("tun-device", "tun-driver",
                "pools");
        // the first check to act on is selected, with its fix
        assertThat(Ui.sync(() -> dialog.table().getSelection()[0].getText(0))).isIn("warn", "fail");
        assertThat(Ui.sync(() -> dialog.fixField().getText())).startsWith("sudo ");
        Ui.run(() -> {
            dialog.table().setSelection(2);
            dialog.table().notifyListeners(SWT.Selection, new Event());
        });
        assertThat(Ui.sync(() -> dialog.fixField().getText()))
                .isEqualTo("create one once as root: sudo taplease pool create --name taplease --count 4 --owner $USER");
        Ui.screenshotOf("check-setup-dialog", d);
        Ui.run(() -> Ui.press(d, "Close"));
        Ui.waitFor(WAIT, "the dialog to close", () -> Ui.shell(CheckSetupDialog.TITLE) == null);
    }

    @Test
    void aLeakedLookingTapIsMarkedAndABridgedTapShowsItsBridgesPorts() {
        taps.pool("uibp", 2);
        Kernel.run("ip", "tuntap", "add", "dev", LEAKED, "mode", "tap");
        Kernel.run("ip", "link", "add", BRIDGE, "type", "bridge");
        Kernel.run("ip", "link", "set", "uibp0", "master", BRIDGE);
        Kernel.run("ip", "link", "set", "uibp1", "master", BRIDGE);
        view = Ui.showView(TapDevicesView.ID);
        waitForCell(LEAKED, "State", "free, looks leaked, down");
        waitForCell("uibp0", TapDevicesView.BRIDGE, BRIDGE + " (2 ports)");
        waitForCell("uibp1", TapDevicesView.BRIDGE, BRIDGE + " (2 ports)");
        Ui.run(() -> {
            assertThat(view.cell("uibp0", "State")).doesNotContain("leaked");
            assertThat(view.cell(LEAKED, TapDevicesView.BRIDGE)).isEmpty();
            assertThat(view.setupHintShown()).as("no hint while there are taps").isFalse();
        });
        TapRow leaked = Ui.sync(() -> view.shownRows().stream().filter(r -> r.name().equals(LEAKED)).findFirst()
                .orElseThrow());
        assertThat(leaked.state()).isEqualTo(TapRow.State.LEAKED);
        assertThat(leaked.toolTip()).isEqualTo(LEAKED + " looks leaked: persistent, not taplease's, and nobody holds"
                + " it.\nif nobody needs it, delete it: sudo ip link delete " + LEAKED
                + " (taplease never deletes a tap that is not its own)");
        // the filter finds it by its mark
        Ui.run(() -> view.filterField().setText("leaked"));
        Ui.waitFor(WAIT, "the filter to leave the leaked tap", () -> view.shownRows().size() == 1
                && view.shownRows().get(0).name().equals(LEAKED));
        Ui.run(() -> view.filterField().setText(""));
        Ui.waitFor(WAIT, "every tap again", () -> view.shownRows().size() == 3);
        Ui.run(() -> Ui.page().activate(view));
        Ui.screenshot("tap-devices-health");
    }
}
