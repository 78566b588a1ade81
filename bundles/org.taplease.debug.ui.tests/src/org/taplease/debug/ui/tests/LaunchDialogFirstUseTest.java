package org.taplease.debug.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

/**
 * What a first-time user meets in the launch dialog, driven through the real Run Configurations dialog: the NIC
 * dialog's tap source and MAC choice are independent, Pick Free Tap... replaces the selected NIC's source, NICs are
 * numbered alike in the tab and in launch errors, and a new configuration starts on a pool that exists.
 */
class LaunchDialogFirstUseTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final String DIALOG = "Run Configurations";

    private Taps taps;

    @BeforeEach
    void setUp() {
        taps = new Taps();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Shell s : Ui.sync(() -> Arrays.stream(Ui.display().getShells())
                .filter(x -> !x.isDisposed() && x.getParent() != null).toList())) {
            Ui.run(() -> {
                if (!s.isDisposed()) {
                    s.close();
                }
            });
        }
        Launches.removeAll();
        taps.close();
    }

    private static ILaunchConfiguration command(String name, NicSpec... nics) throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, name);
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "true {tap}");
        wc.setAttribute(LaunchAttributes.NICS, Arrays.stream(nics).map(NicSpec::encode).toList());
        return wc.doSave();
    }

    /** Opens Run Configurations on {@code selection} (a configuration or a type). */
    private static Shell openDialog(Object selection) {
        Ui.display().asyncExec(() -> DebugUITools.openLaunchConfigurationDialogOnGroup(
                Ui.page().getWorkbenchWindow().getShell(), new StructuredSelection(selection),
                IDebugUIConstants.ID_RUN_LAUNCH_GROUP));
        return Ui.waitForShell(DIALOG);
    }

    private static void showNetworkTab(Shell d) {
        Ui.waitFor(Duration.ofSeconds(20), "the Network tab", () -> !tabs(d, "Network").isEmpty());
        Ui.run(() -> {
            for (CTabItem i : tabs(d, "Network")) {
                i.getParent().setSelection(i);
                Event e = new Event();
                e.item = i;
                i.getParent().notifyListeners(SWT.Selection, e);
            }
        });
    }

    private static List<CTabItem> tabs(Shell d, String name) {
        return Ui.find(d, CTabFolder.class, x -> true).stream().flatMap(f -> Arrays.stream(f.getItems()))
                .filter(i -> i.getText().equals(name)).toList();
    }

    /** The Network tab's NIC table. UI thread. */
    private static Table nicTable(Shell d) {
        return Ui.find(d, Table.class, t -> t.getColumnCount() > 1 && t.getColumn(1).getText().equals("Tap source"))
                .get(0);
    }

    /** The NIC table's rows: NIC number, tap source, model, MAC. UI thread. */
    private static List<List<String>> rows(Shell d) {
        Table t = nicTable(d);
        return Arrays.stream(t.getItems())
                .map(i -> List.of(i.getText(0), i.getText(1), i.getText(2), i.getText(3))).toList();
    }

    private static void selectNic(Shell d, int row) {
        Ui.run(() -> {
            Table t = nicTable(d);
            t.setSelection(row);
            t.notifyListeners(SWT.Selection, new Event());
        });
    }

    /** Presses a button later: it opens a modal dialog, which would block this thread in {@link Ui#run}. */
    private static void pressLater(Shell s, String label) {
        Ui.display().asyncExec(() -> Ui.press(s, label));
    }

    private static Button button(Shell s, String label) {
        return Ui.find(s, Button.class, b -> b.getText().replace("&", "").equals(label)).get(0);
    }

    /**
     * Clicks a button with the mouse through the X server, as a user would: a radio button's group behaviour (siblings
     * deselected) happens only on a real click, not on a Selection event sent by the test.
     */
    private static void click(Shell s, String label) {
        Ui.waitFor(Duration.ofSeconds(10), "the dialog to be active", () -> {
            s.forceActive();
            return Ui.display().getActiveShell() == s;
        });
        for (int attempt = 0; attempt < 5 && !Ui.sync(() -> button(s, label).getSelection()); attempt++) {
            Point p = Ui.sync(() -> {
                Button b = button(s, label);
                return b.toDisplay(6, b.getSize().y / 2);
            });
            Event move = new Event();
            move.type = SWT.MouseMove;
            move.x = p.x;
            move.y = p.y;
            Ui.run(() -> Ui.display().post(move));
            Ui.waitFor(Duration.ofSeconds(5), "the pointer on '" + label + "'",
                    () -> Ui.display().getCursorLocation().equals(p));
            Event down = new Event();
            down.type = SWT.MouseDown;
            down.button = 1;
            Ui.run(() -> Ui.display().post(down));
            Event up = new Event();
            up.type = SWT.MouseUp;
            up.button = 1;
            Ui.run(() -> Ui.display().post(up));
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline && !Ui.sync(() -> button(s, label).getSelection())) {
                Ui.sleep(50); // poll interval
            }
        }
        assertThat(Ui.sync(() -> button(s, label).getSelection())).as("'" + label + "' selected by a click").isTrue();
    }

    private static void close(Shell d) {
        Ui.run(() -> Ui.press(d, "Close"));
        Ui.waitFor(Duration.ofSeconds(10), "the dialog to close", () -> Ui.shell(DIALOG) == null);
    }

    @Test
    void anExplicitMacIsSavedWithThePoolItLeasesFrom() throws Exception {
        ILaunchConfiguration c = command("explicit-mac", NicSpec.ofPool("vm"));
        Shell d = openDialog(c);
        showNetworkTab(d);
        Ui.waitFor(Duration.ofSeconds(20), "NIC 0", () -> rows(d).size() == 1);
        selectNic(d, 0);
        pressLater(d, "Edit...");
        Shell nic = Ui.waitForShell("Network Interface");

        click(nic, "Explicit MAC:");
        Ui.run(() -> {
            Text mac = Ui.find(nic, Text.class, t -> true).stream()
                    .filter(t -> t.getText().isEmpty() && t.getEditable()).reduce((a, b) -> b).get();
            Ui.type(mac, "52:54:00:aa:bb:cc");
        });
        Ui.screenshotOf("launch-nic-dialog-explicit-mac", nic);
        assertThat(Ui.sync(() -> button(nic, "Any free tap of pool:").getSelection()))
                .as("choosing an explicit MAC keeps the tap source").isTrue();
        assertThat(Ui.sync(() -> button(nic, "OK").isEnabled())).as("OK enabled").isTrue();
        Ui.run(() -> Ui.press(nic, "OK"));
        Ui.waitFor(Duration.ofSeconds(10), "the NIC dialog to close", () -> Ui.shell("Network Interface") == null);

        assertThat(Ui.sync(() -> rows(d))).containsExactly(
                List.of("0", "any free tap of pool vm", NicSpec.DEFAULT_MODEL, "52:54:00:aa:bb:cc"));
        Ui.run(() -> Ui.press(d, "Apply"));
        Ui.waitFor(Duration.ofSeconds(10), "the NIC to be saved", () -> nics(c).equals(
                List.of(new NicSpec("vm", null, false, NicSpec.DEFAULT_MODEL, "52:54:00:aa:bb:cc", false).encode())));
        close(d);
    }

    private static List<String> nics(ILaunchConfiguration c) {
        try {
            return c.getAttribute(LaunchAttributes.NICS, List.<String>of());
        } catch (org.eclipse.core.runtime.CoreException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pickFreeTapReplacesTheSelectedNicsSource() throws Exception {
        taps.pool("pick", 2);
        ILaunchConfiguration c = command("pick-replaces",
                new NicSpec("pick", null, false, "e1000", "52:54:00:11:22:33", false));
        Shell d = openDialog(c);
        showNetworkTab(d);
        Ui.waitFor(Duration.ofSeconds(20), "NIC 0", () -> rows(d).size() == 1);
        selectNic(d, 0);
        pressLater(d, "Pick Free Tap...");
        Shell picker = Ui.waitForShell("Select a Free Tap");
        Ui.waitFor(Duration.ofSeconds(20), "the picker's pools", () -> Ui.find(picker, Combo.class, x -> true).get(0)
                .indexOf("pick") >= 0);
        Ui.run(() -> {
            Combo pools = Ui.find(picker, Combo.class, x -> true).get(0);
            pools.select(pools.indexOf("pick"));
            pools.notifyListeners(SWT.Selection, new Event());
        });
        Ui.waitFor(Duration.ofSeconds(20), "the free taps of pool pick",
                () -> Ui.find(picker, Table.class, x -> true).get(0).getItemCount() == 2);
        Ui.run(() -> {
            Table t = Ui.find(picker, Table.class, x -> true).get(0);
            for (int i = 0; i < t.getItemCount(); i++) {
                if (t.getItem(i).getText(0).equals("pick1")) {
                    t.setSelection(i);
                    t.notifyListeners(SWT.Selection, new Event());
                }
            }
            Button exact = button(picker, "Exactly the selected tap");
            exact.setSelection(true);
            button(picker, "Any free tap of the pool (preferring the selected one)").setSelection(false);
            exact.notifyListeners(SWT.Selection, new Event());
        });
        Ui.run(() -> Ui.press(picker, "Select"));
        Ui.waitFor(Duration.ofSeconds(10), "the picker to close", () -> Ui.shell("Select a Free Tap") == null);

        Ui.waitFor(Duration.ofSeconds(10), "the table to show the pick", () -> rows(d).stream()
                .anyMatch(r -> r.get(1).equals("tap pick1")));
        Ui.screenshotOf("launch-network-tab-pick-replaces", d);
        assertThat(Ui.sync(() -> rows(d))).as("NIC 0 gets the picked tap; no NIC is added")
                .containsExactly(List.of("0", "tap pick1", "e1000", "52:54:00:11:22:33"));
        Ui.run(() -> Ui.press(d, "Apply"));
        Ui.waitFor(Duration.ofSeconds(10), "the NIC to be saved", () -> nics(c).equals(
                List.of(new NicSpec(null, "pick1", false, "e1000", "52:54:00:11:22:33", false).encode())));
        close(d);
    }

    @Test
    void aLaunchErrorNamesTheNicAsTheTabNumbersIt() throws Exception {
        List<String> created = taps.pool("num", 2);
        String busy = created.get(1);
        taps.hold(busy);
        ILaunchConfiguration c = command("numbered", NicSpec.ofPool("num"), NicSpec.ofTap(busy));
        Shell d = openDialog(c);
        showNetworkTab(d);
        Ui.waitFor(Duration.ofSeconds(20), "two NICs", () -> rows(d).size() == 2);
        List<String> row = Ui.sync(() -> rows(d)).get(1);
        assertThat(row.subList(0, 2)).containsExactly("1", "tap " + busy);
        selectNic(d, 1);
        Ui.screenshotOf("launch-network-tab-nic-numbers", d);
        close(d);

        // a launch error with a fix opens taplease's error dialog ("Launching NAME"), headline first
        Ui.run(() -> DebugUITools.launch(c, ILaunchManager.RUN_MODE));
        Shell e = Ui.waitForShell("Launching numbered");
        Ui.screenshotOf("launch-error-nic-number", e);
        assertThat(Ui.sync(() -> Ui.texts(e))).as("the error numbers the NIC as the tab's row does")
                .contains("NIC 1 (tap " + busy + "): ");
        Ui.run(() -> Ui.press(e, "Close"));
        Ui.waitFor(Duration.ofSeconds(30), "the launch to end", () -> Arrays
                .stream(DebugPlugin.getDefault().getLaunchManager().getLaunches()).allMatch(ILaunch::isTerminated));
    }

    @Test
    void aNewConfigurationStartsOnAPoolThatExists() throws Exception {
        taps.pool("vm", 2);
        ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE);
        Shell d = openDialog(type);
        Ui.waitFor(Duration.ofSeconds(20), "the New launch configuration button", () -> newButton(d) != null
                && newButton(d).isEnabled());
        Ui.run(() -> newButton(d).notifyListeners(SWT.Selection, new Event()));
        showNetworkTab(d);
        Ui.waitFor(Duration.ofSeconds(20), "the new configuration's NIC", () -> rows(d).size() == 1);
        Ui.screenshotOf("launch-new-configuration-network", d);
        assertThat(Ui.sync(() -> rows(d)).get(0).get(1)).isEqualTo("any free tap of pool vm");
        assertThat(Ui.sync(() -> Ui.texts(d))).doesNotContain("does not exist here");
        Ui.run(() -> Ui.press(d, "Apply"));
        close(d);
    }

    /** The dialog's "New launch configuration" tool item. UI thread. */
    private static ToolItem newButton(Shell d) {
        for (ToolBar b : Ui.find(d, ToolBar.class, x -> true)) {
            for (ToolItem i : b.getItems()) {
                if ("New launch configuration".equals(i.getToolTipText())) {
                    return i;
                }
            }
        }
        return null;
    }
}
