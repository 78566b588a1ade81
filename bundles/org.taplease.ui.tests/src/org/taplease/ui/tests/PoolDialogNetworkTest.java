package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.ui.internal.PoolDialog;
import org.taplease.ui.tests.support.Ui;

/**
 * The pool dialog's Network section validates as the user types with the engine's own checks
 * ({@code PoolSpec.requireValid()}, in the engine's words: summary and fix): each problem in the dialog's message area
 * with the Provision button disabled, and the spec carries the network once it is valid. Nothing is provisioned (the dialog is
 * cancelled), so no kernel state is involved.
 */
class PoolDialogNetworkTest {

    private static final String TITLE = "Create or Top Up Pool";

    private final AtomicReference<PoolDialog> dialog = new AtomicReference<>();
    private Shell shell;

    @BeforeEach
    void open() {
        Ui.display().asyncExec(() -> {
            PoolDialog d = new PoolDialog(Ui.page().getWorkbenchWindow().getShell(), PoolDialog.Mode.PROVISION,
                    List.of(), "uinet");
            dialog.set(d);
            d.open();
        });
        shell = Ui.waitForShell(TITLE);
        Ui.run(() -> {
            Spinner count = Ui.find(shell, Spinner.class, x -> true).get(0);
            count.setSelection(4);
            count.notifyListeners(SWT.Modify, null);
        });
    }

    @AfterEach
    void close() {
        Ui.run(() -> {
            if (!shell.isDisposed()) {
                Ui.press(shell, "Cancel");
            }
        });
    }

    /** Clicks the radio button whose label starts with {@code label} (mnemonics ignored), as the mouse would. */
    private void network(String label) {
        Ui.run(() -> {
            List<Button> radios = Ui.find(shell, Button.class, b -> (b.getStyle() & SWT.RADIO) != 0);
            for (Button b : radios) {
                b.setSelection(b.getText().replace("&", "").startsWith(label));
            }
            for (Button b : radios) {
                if (b.getSelection()) {
                    b.notifyListeners(SWT.Selection, null);
                }
            }
        });
    }

    /** The text field whose hint (message) starts with {@code hint}. */
    private Text field(String hint) {
        return Ui.find(shell, Text.class, t -> t.getMessage().startsWith(hint)).get(0);
    }

    private void type(String hint, String text) {
        Ui.run(() -> Ui.type(field(hint), text));
    }

    private void memberBlock(int index) {
        Ui.run(() -> {
            Combo c = Ui.find(shell, Combo.class, x -> (x.getStyle() & SWT.READ_ONLY) != 0).get(0);
            c.select(index);
            c.notifyListeners(SWT.Modify, null);
        });
    }

    private String error() {
        return Ui.sync(() -> dialog.get().getErrorMessage());
    }

    private boolean okEnabled() {
        return Ui.sync(() -> Ui.find(shell, Button.class, b -> b.getText().replace("&", "").equals("Provision")).get(0)
                .isEnabled());
    }

    private void assertRefused(String message) {
        assertThat(error()).isEqualTo(message);
        assertThat(okEnabled()).as("Provision enabled with: " + message).isFalse();
    }

    private void assertAccepted() {
        assertThat(error()).isNull();
        assertThat(okEnabled()).as("Provision enabled").isTrue();
    }

    @Test
    void aRoutedPoolsSubnetIsCheckedAsTheUserTypes() {
        assertAccepted(); // no network: bare taps
        assertThat(Ui.sync(() -> dialog.get().spec().network())).isEqualTo(PoolNetwork.NONE);

        network("Routed");
        assertRefused("Enter the subnet to carve the taps' networks from, e.g. 10.77.0.0/24"); // only the dialog knows
        // the rest in the engine's words (PoolSpec.requireValid): summary and fix
        type("e.g. 10.77", "10.77.0/24");
        assertRefused("invalid subnet '10.77.0/24'. Fix: an IPv4 address has four numbers separated by dots, e.g."
                + " 10.77.0.0/24");
        type("e.g. 10.77", "10.77.0.300/24");
        assertRefused("invalid subnet '10.77.0.300/24'. Fix: each of the four numbers must be 0 to 255");
        type("e.g. 10.77", "10.77.0.0/33");
        assertRefused("invalid subnet '10.77.0.0/33'. Fix: the prefix length after '/' must be a number from 0 to 32");
        type("e.g. 10.77", "10.77.0.0/31");
        assertRefused("subnet 10.77.0.0/31 is too small: it holds 0 member blocks of /30, the pool needs 4. Fix: give"
                + " a /28 or larger (e.g. 10.77.0.0/28), or fewer members");
        type("e.g. 10.77", "10.77.0.5/24");
        assertRefused("invalid subnet '10.77.0.5/24'. Fix: it has host bits set; did you mean 10.77.0.0/24?");
        type("e.g. 10.77", "10.77.0.0/29");
        assertRefused("subnet 10.77.0.0/29 is too small: it holds 2 member blocks of /30, the pool needs 4. Fix: give"
                + " a /28 or larger (e.g. 10.77.0.0/28), or fewer members");
        Ui.screenshotOf("pool-dialog-network-error", shell);

        memberBlock(1); // a /31 per tap: four fit in a /29
        assertAccepted();
        assertThat(Ui.sync(() -> Ui.texts(shell))).contains("Each tap gets a /31 of 10.77.0.0/29 (room for 4).");
        memberBlock(0);
        assertRefused("subnet 10.77.0.0/29 is too small: it holds 2 member blocks of /30, the pool needs 4. Fix: give"
                + " a /28 or larger (e.g. 10.77.0.0/28), or fewer members");

        type("e.g. 10.77", "10.77.0.0/24");
        assertAccepted();
        type("optional: the kernel", "abc");
        // only the dialog sees text that is not a number: the spec carries numbers
        assertRefused("MTU 'abc' is not a number: enter one, or leave the field empty for the kernel's default");
        type("optional: the kernel", "40");
        assertRefused("MTU 40 out of range. Fix: give an MTU from 68 to 65535 (1500 is Ethernet's)");
        type("optional: the kernel", "70000");
        assertRefused("MTU 70000 out of range. Fix: give an MTU from 68 to 65535 (1500 is Ethernet's)");
        type("optional: the kernel", "9000");
        assertAccepted();
        assertThat(Ui.sync(() -> Ui.texts(shell))).contains("Creates pool uinet with 4 taps. Each tap gets a /30 of"
                + " 10.77.0.0/24 (room for 64). MTU 9000.");
        Ui.screenshotOf("pool-dialog-network", shell);
        PoolSpec spec = Ui.sync(() -> dialog.get().spec());
        assertThat(spec.network()).isEqualTo(PoolNetwork.routed("10.77.0.0/24").withMtu(9000));
        assertThat(PoolDialog.command(spec)).endsWith("--subnet 10.77.0.0/24 --mtu 9000"
                + " --config-dir " + org.taplease.core.PoolDeclarations.defaultDir().toAbsolutePath());
        assertThat(Ui.sync(() -> field("an existing bridge").isEnabled())).as("bridge field while routed").isFalse();
    }

    @Test
    void aBridgedPoolNeedsAValidBridgeNameAndIsExclusiveWithRouted() {
        network("Routed");
        type("e.g. 10.77", "10.77.0.0/24");
        network("Bridged");
        assertRefused("Enter the name of an existing bridge, e.g. br0 (taplease never creates one)");
        assertThat(Ui.sync(() -> field("e.g. 10.77").isEnabled())).as("subnet field while bridged").isFalse();
        type("an existing bridge", "br/0");
        assertRefused("br/0: invalid interface name: character '/' at position 3 is not allowed. Fix: use 1-15"
                + " letters, digits, '-', '_' or '.'");
        type("an existing bridge", "averyveryverylongbridge");
        assertRefused("averyveryverylongbridge: invalid interface name: 23 characters, the kernel allows at most 15. Fix: use 1-15"
                + " letters, digits, '-', '_' or '.'");
        type("an existing bridge", "br0");
        assertAccepted();
        PoolSpec spec = Ui.sync(() -> dialog.get().spec());
        assertThat(spec.network()).isEqualTo(PoolNetwork.bridged("br0")); // the typed subnet is not carried along
        assertThat(PoolDialog.command(spec)).endsWith("--bridge br0 --config-dir "
                + org.taplease.core.PoolDeclarations.defaultDir().toAbsolutePath()).doesNotContain("--subnet");
        Ui.screenshotOf("pool-dialog-bridged", shell);

        network("None");
        assertAccepted();
        assertThat(Ui.sync(() -> dialog.get().spec().network())).isEqualTo(PoolNetwork.NONE);
    }
}
