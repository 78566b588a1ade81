package org.taplease.ui.tests;

import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.process.TapProcess;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.TapErrorDialog;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.views.TapDevicesView;

/** The Tap Devices view in the real workbench against real taps of the test namespace. */
class TapDevicesViewTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration WAIT = Duration.ofSeconds(20);

    private Taps taps;
    private TapDevicesView view;

    @BeforeEach
    void open() {
        taps = new Taps();
        view = Ui.showView(TapDevicesView.ID);
    }

    @AfterEach
    void close() {
        Ui.closeView(TapDevicesView.ID);
        Ui.closeView(IPageLayout.ID_PROP_SHEET);
        taps.close();
    }

    /** The state column's text of {@code tap} as the table shows it, or null if the table has no such row. */
    private String stateCell(String tap) {
        return Ui.sync(() -> stateCell0(tap));
    }

    private void waitForState(String tap, String prefix) {
        Ui.waitFor(WAIT, tap + " shown as '" + prefix + "...'", () -> {
            String s = stateCell0(tap);
            return s != null && s.startsWith(prefix);
        });
    }

    private String stateCell0(String tap) {
        return view.cell(tap, "State");
    }

    private void select(String tap) {
        Ui.waitFor(WAIT, tap + " to be selectable", () -> view.select(tap));
        Ui.run(() -> Ui.page().activate(view)); // commands go to the active part
    }

    @Test
    void theStateColumnFitsAQemuHolderWithItsPid() throws Exception {
        String tap = taps.pool("uiwide", 1).get(0);
        Path dir = Files.createTempDirectory("taplease-holder-name");
        Path qemu = dir.resolve("qemu-system-x86_64"); // sleep, named as the emulator a launch starts
        Files.copy(Path.of("/bin/sleep"), qemu);
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            TapProcess holder = taps.hold(tap, List.of(qemu.toString(), "600"));
            String held = "held by qemu-system-x86_64 (pid " + holder.pid() + ")";
            waitForState(tap, held);
            int[] w = Ui.sync(() -> {
                Table t = view.table();
                GC gc = new GC(t);
                try {
                    gc.setFont(t.getFont());
                    return new int[] { t.getColumn(TapDevicesView.column("State")).getWidth(),
                            gc.textExtent(stateCell0(tap)).x,
                            gc.textExtent("held by qemu-system-x86_64 (pid 1234567)").x };
                } finally {
                    gc.dispose();
                }
            });
            int iconAndMargins = 16 + 12;
            assertThat(w[0]).as("the State column's width against its text '%s' and a 7-digit pid", held)
                    .isGreaterThanOrEqualTo(w[1] + iconAndMargins).isGreaterThanOrEqualTo(w[2] + iconAndMargins);
            select(tap);
            Ui.screenshot("tap-devices-qemu-holder");
            Taps.kill(holder);
            waitForState(tap, "free");
        } finally {
            Files.delete(qemu);
            Files.delete(dir);
        }
    }

    @Test
    void showsATapFreeThenItsHolderThenFreeAgainAfterTheHolderIsKilled() {
        String tap = taps.pool("uiview", 2).get(0);

        waitForState(tap, "free");
        assertThat(stateCell(tap)).isEqualTo("free"); // provisioning brings the tap up: no carrier until attached
        Ui.run(() -> Ui.page().activate(view));
        Ui.screenshot("tap-devices-free");

        TapProcess holder = taps.hold(tap);
        waitForState(tap, "held by sleep (pid " + holder.pid() + ")");
        select(tap);
        Ui.screenshot("tap-devices-held");

        Taps.kill(holder);
        waitForState(tap, "free");
        assertThat(Taps.service().tap(tap, false)).map(TapInfo::attached).contains(false);
    }

    @Test
    void leaseAndDeleteOnABusyTapShowTheBusyReasonAndChangeNothing() {
        String tap = taps.pool("uibusy", 1).get(0);
        TapProcess holder = taps.hold(tap);
        waitForState(tap, "held by sleep");
        select(tap);

        Ui.executeLater("org.taplease.ui.commands.lease");
        Shell error = Ui.waitForShell("Cannot lease " + tap);
        String text = Ui.sync(() -> Ui.texts(error));
        assertThat(text).contains(tap + ": busy, held by sleep (pid " + holder.pid() + ")")
                .contains("busy - " + TapErrorDialog.explain(TapException.Reason.BUSY))
                .contains("TUNSETIFF failed: Device or resource busy (errno 16)");
        Ui.screenshotOf("busy-error", error);
        Ui.run(() -> Ui.press(error, "Close"));

        select(tap);
        Ui.executeLater("org.eclipse.ui.edit.delete"); // the Delete key in the view
        Shell confirm = Ui.waitForShell("Delete Taps");
        Ui.run(() -> Ui.press(confirm, "OK"));
        Shell deleteError = Ui.waitForShell("Cannot delete " + tap);
        assertThat(Ui.sync(() -> Ui.texts(deleteError))).contains(tap + ": ").containsIgnoringCase("held")
                .contains("busy - ");
        Ui.run(() -> Ui.press(deleteError, "Close"));

        assertThat(Taps.service().tap(tap, true)).get().satisfies(i -> {
            assertThat(i.holders()).extracting(h -> h.pid()).containsExactly(holder.pid());
        });
        assertThat(stateCell(tap)).startsWith("held by sleep (pid " + holder.pid() + ")");
    }

    @Test
    void leasesForTheSessionAndReleases() {
        String tap = taps.pool("uilease", 1).get(0);
        waitForState(tap, "free");
        select(tap);

        Ui.executeLater("org.taplease.ui.commands.lease");
        waitForState(tap, "leased by this IDE");
        Optional<TapInfo> info = Taps.service().tap(tap, true);
        assertThat(info).get().satisfies(i -> {
            assertThat(i.attached()).isTrue();
            assertThat(i.holders()).extracting(h -> (long) h.pid()).contains(ProcessHandle.current().pid());
        });
        Ui.screenshot("tap-devices-leased");

        select(tap);
        Ui.executeLater("org.taplease.ui.commands.release");
        waitForState(tap, "free");
        assertThat(Taps.service().tap(tap, false)).map(TapInfo::attached).contains(false);
    }

    @Test
    void filterSortPropertiesAndCopy() {
        List<String> created = taps.pool("uiprop", 3);
        for (String t : created) {
            waitForState(t, "free");
        }
        Ui.run(() -> view.filterField().setText("uiprop2"));
        Ui.waitFor(WAIT, "the filter to leave one row", () -> view.shownRows().size() == 1);
        assertThat(Ui.sync(() -> view.shownRows().get(0).name())).isEqualTo("uiprop2");
        Ui.run(() -> view.filterField().setText(""));
        Ui.waitFor(WAIT, "the filter to clear", () -> view.shownRows().size() >= 3);

        // click the Name header: descending
        Ui.run(() -> view.table().getColumn(0).notifyListeners(org.eclipse.swt.SWT.Selection, null));
        List<String> names = Ui.sync(() -> view.shownRows().stream().map(TapRow::name)
                .filter(n -> n.startsWith("uiprop")).toList());
        assertThat(names).containsExactly("uiprop2", "uiprop1", "uiprop0");
        Ui.run(() -> view.table().getColumn(0).notifyListeners(org.eclipse.swt.SWT.Selection, null));

        select("uiprop1");
        TapRow row = Ui.sync(() -> view.selected().get(0));
        IPropertySource props = Adapters.adapt(row, IPropertySource.class);
        List<String> labels = Arrays.stream(props.getPropertyDescriptors()).map(IPropertyDescriptor::getDisplayName)
                .toList();
        assertThat(labels).contains("Name", "MAC address", "MTU", "State", "Pool", "Persistent", "Owner", "Group",
                "RX packets", "TX bytes", "Carrier changes");
        assertThat(props.getPropertyValue("Interface.MAC address")).isEqualTo(row.info().mac());
        Ui.sync(() -> {
            try {
                return Ui.page().showView(IPageLayout.ID_PROP_SHEET);
            } catch (org.eclipse.ui.PartInitException e) {
                throw new IllegalStateException(e);
            }
        });
        select("uiprop1");
        Ui.screenshot("tap-devices-properties");

        select("uiprop1");
        Ui.executeLater("org.eclipse.ui.edit.copy");
        Ui.waitFor(WAIT, "the name on the clipboard", () -> "uiprop1".equals(clipboard()));
        select("uiprop1");
        Ui.executeLater("org.taplease.ui.commands.copyMac");
        Ui.waitFor(WAIT, "the MAC on the clipboard", () -> row.info().mac().equals(clipboard()));
    }

    private static String clipboard() {
        Clipboard cb = new Clipboard(Ui.display());
        try {
            return (String) cb.getContents(TextTransfer.getInstance());
        } finally {
            cb.dispose();
        }
    }
}
