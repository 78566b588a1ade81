package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.PoolDialog;
import org.taplease.ui.internal.views.TapDevicesView;
import org.taplease.ui.tests.support.Declarations;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

/**
 * The IDE declares pools as {@code taplease pool create} does: provisioning from the pool dialog (as root, in the test
 * namespace) writes the declaration, removing the pool deletes it, the dialog pre-fills a declared pool's network, and
 * a declaration directory that cannot be read is a warning in the dialog, not a broken dialog. The declarations go to
 * the test run's directory under target/ (TAPLEASE_CONFIG_DIR), which every test leaves as it found it.
 */
class PoolDeclarationsUiTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TITLE = "Create or Top Up Pool";
    private static final String HEADER = "# taplease pool %s: applied at boot by taplease-pools.service (taplease pool"
            + " apply).\n# Written by 'taplease pool create'; edit by hand or with taplease, then run 'taplease pool"
            + " apply'.\n# Keys: pool, count, owner, group, template, subnet, member-prefix, bridge, mtu, keep-addresses"
            + " (see README).\n";

    private Declarations declarations;
    private Taps taps;
    private TapDevicesView view;

    @BeforeEach
    void open() {
        declarations = new Declarations();
        taps = new Taps();
        view = Ui.showView(TapDevicesView.ID);
        Ui.run(() -> Ui.page().activate(view));
    }

    @AfterEach
    void close() {
        Ui.closeView(TapDevicesView.ID);
        taps.close();
        declarations.close();
    }

    private static PoolInfo pool(String name) {
        for (PoolInfo p : Taps.service().pools()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static PoolDialog dialogOf(Shell s) {
        return Ui.sync(() -> (PoolDialog) s.getData());
    }

    /** The field that shows unreadable declarations in full. */
    private static String problemField(Shell s) {
        return Ui.sync(() -> Ui.find(s, Text.class, t -> t.getData(PoolDialog.DECLARATIONS_PROBLEM) != null).get(0)
                .getText());
    }

    private static Text field(Shell s, String hint) {
        return Ui.find(s, Text.class, t -> t.getMessage().startsWith(hint)).get(0);
    }

    private static String fieldText(Shell s, String hint) {
        return Ui.sync(() -> field(s, hint).getText());
    }

    /** The label of the selected network radio button, without mnemonics. */
    private static String network(Shell s) {
        return Ui.sync(() -> Ui.find(s, Button.class, b -> (b.getStyle() & SWT.RADIO) != 0 && b.getSelection()).get(0)
                .getText().replace("&", ""));
    }

    private static void setPool(Shell s, String name) {
        Ui.run(() -> Ui.find(s, Combo.class, x -> (x.getStyle() & SWT.READ_ONLY) == 0).get(0).setText(name));
    }

    @Test
    void provisioningFromTheDialogDeclaresThePoolAndRemovingItDeletesTheDeclaration() {
        Path file = declarations.file("uidecl");
        assertThat(file).doesNotExist();
        Ui.executeLater("org.taplease.ui.commands.provisionPool");
        Shell d = Ui.waitForShell(TITLE);
        setPool(d, "uidecl");
        Ui.run(() -> {
            Spinner count = Ui.find(d, Spinner.class, x -> true).get(0);
            count.setSelection(2);
            count.notifyListeners(SWT.Modify, null);
            Ui.find(d, Text.class, x -> true).get(0).setText("nobody"); // owner
            Ui.find(d, Text.class, x -> true).get(1).setText(""); // group
            Button routed = Ui.find(d, Button.class, b -> b.getText().replace("&", "").startsWith("Routed")).get(0);
            Ui.find(d, Button.class, b -> (b.getStyle() & SWT.RADIO) != 0).forEach(b -> b.setSelection(b == routed));
            routed.notifyListeners(SWT.Selection, null);
            Ui.type(field(d, "e.g. 10.77"), "10.78.0.0/29");
            Ui.type(field(d, "optional: the kernel"), "1400");
        });
        assertThat(Ui.sync(() -> dialogOf(d).getErrorMessage())).isNull();
        Ui.run(() -> Ui.press(d, "Provision"));
        taps.adopt("uidecl");

        Shell done = Ui.waitForShell("Pool uidecl");
        assertThat(Ui.sync(() -> Ui.texts(done))).contains("Created uidecl0, uidecl1")
                .contains("Declared in " + file + " ('taplease pool apply' brings it back, e.g. after a reboot)");
        Ui.screenshotOf("pool-declared", done);
        Ui.run(() -> Ui.press(done, "OK"));
        assertThat(pool("uidecl").members()).containsExactly("uidecl0", "uidecl1");
        assertThat(file).hasContent(HEADER.formatted("uidecl") + """
                pool: uidecl
                count: 2
                owner: nobody
                subnet: 10.78.0.0/29
                mtu: 1400
                """);
        assertThat(PoolDeclarations.load(declarations.dir())).extracting(PoolDeclarations.Declaration::spec)
                .contains(new PoolSpec("uidecl", 2, 65534, null).withNetwork(PoolNetwork.routed("10.78.0.0/29")
                        .withMtu(1400)));

        // the dialog for the existing pool shows the declared network (its members alone do not carry the subnet)
        Ui.waitFor(WAIT, "uidecl0 to be selectable", () -> view.select("uidecl0"));
        Ui.run(() -> Ui.page().activate(view));
        Ui.executeLater("org.taplease.ui.commands.provisionPool");
        Shell again = Ui.waitForShell(TITLE);
        assertThat(network(again)).startsWith("Routed");
        assertThat(fieldText(again, "e.g. 10.77")).isEqualTo("10.78.0.0/29");
        assertThat(fieldText(again, "optional: the kernel")).isEqualTo("1400");
        assertThat(Ui.sync(() -> dialogOf(again).getMessage())).isEqualTo("Pool uidecl has 2 taps (2 free); nothing to"
                + " create. Each tap gets a /30 of 10.78.0.0/29 (room for 2). MTU 1400.");
        Ui.screenshotOf("pool-dialog-declared", again);
        Ui.run(() -> Ui.press(again, "Cancel"));

        // Remove Pool deletes the taps and the declaration
        Ui.waitFor(WAIT, "uidecl0 to be selectable", () -> view.select("uidecl0"));
        Ui.run(() -> Ui.page().activate(view));
        Ui.executeLater("org.taplease.ui.commands.removePool");
        Shell confirm = Ui.waitForShell("Remove Pool");
        Ui.run(() -> Ui.press(confirm, "OK"));
        Shell report = Ui.waitForShell("Pool uidecl");
        assertThat(Ui.sync(() -> Ui.texts(report))).contains("Deleted 2 taps")
                .contains("Deleted its declaration in " + declarations.dir());
        Ui.screenshotOf("pool-undeclared", report);
        Ui.run(() -> Ui.press(report, "OK"));
        assertThat(file).doesNotExist();
        assertThat(pool("uidecl")).isNull();
    }

    @Test
    void theDialogPreFillsTheNetworkOfADeclaredPool() {
        Path dir = declarations.dir();
        PoolDeclarations.write(dir, new PoolSpec("uideclr", 3, 65534, null)
                .withNetwork(PoolNetwork.routed("10.79.0.0/28").withMemberPrefix(31).withMtu(9000)));
        PoolDeclarations.write(dir, new PoolSpec("uideclb", 2, null, null)
                .withNetwork(PoolNetwork.bridged("br-ui").withMtu(1500)));
        AtomicReference<PoolDialog> dialog = new AtomicReference<>();
        Ui.display().asyncExec(() -> {
            PoolDialog d = new PoolDialog(Ui.page().getWorkbenchWindow().getShell(), PoolDialog.Mode.PROVISION,
                    List.of(), "uideclr");
            dialog.set(d);
            d.open();
        });
        Shell s = Ui.waitForShell(TITLE);
        // declared, no member here (as before 'pool apply' after a reboot): all of it from the declaration
        assertThat(network(s)).startsWith("Routed");
        assertThat(fieldText(s, "e.g. 10.77")).isEqualTo("10.79.0.0/28");
        assertThat(Ui.sync(() -> Ui.find(s, Combo.class, x -> (x.getStyle() & SWT.READ_ONLY) != 0).get(0)
                .getSelectionIndex())).as("member block /31").isEqualTo(1);
        assertThat(fieldText(s, "optional: the kernel")).isEqualTo("9000");
        assertThat(Ui.sync(() -> Ui.find(s, Spinner.class, x -> true).get(0).getSelection())).isEqualTo(3);
        assertThat(Ui.sync(() -> Ui.find(s, Text.class, x -> true).get(0).getText())).isEqualTo("nobody");
        assertThat(Ui.sync(() -> dialog.get().getMessage())).isEqualTo("Creates pool uideclr with 3 taps. Each tap"
                + " gets a /31 of 10.79.0.0/28 (room for 8). MTU 9000.");
        assertThat(Ui.sync(() -> dialog.get().spec())).isEqualTo(new PoolSpec("uideclr", 3, 65534, null)
                .withNetwork(PoolNetwork.routed("10.79.0.0/28").withMemberPrefix(31).withMtu(9000)));
        Ui.screenshotOf("pool-dialog-prefilled-routed", s);

        setPool(s, "uideclb");
        assertThat(network(s)).startsWith("Bridged");
        assertThat(fieldText(s, "an existing bridge")).isEqualTo("br-ui");
        assertThat(fieldText(s, "optional: the kernel")).isEqualTo("1500");
        assertThat(Ui.sync(() -> field(s, "e.g. 10.77").isEnabled())).as("subnet field while bridged").isFalse();
        assertThat(Ui.sync(() -> dialog.get().spec().network())).isEqualTo(PoolNetwork.bridged("br-ui").withMtu(1500));
        Ui.screenshotOf("pool-dialog-prefilled-bridged", s);
        Ui.run(() -> Ui.press(s, "Cancel"));
    }

    @Test
    void anUnreadableDeclarationIsAWarningInTheDialogAndStopsProvisioningBeforeAnyChange() throws Exception {
        Path bad = declarations.put("shared.yaml", "pool: shared\ncount: 1\n", "rw-rw-rw-");
        Ui.executeLater("org.taplease.ui.commands.provisionPool");
        Shell d = Ui.waitForShell(TITLE);
        setPool(d, "uibroken");
        PoolDialog dialog = dialogOf(d);
        assertThat(Ui.sync(() -> dialog.getErrorMessage())).isNull();
        assertThat(Ui.sync(() -> dialog.getMessage())).isEqualTo("The pool cannot be declared: shared.yaml: the"
                + " declaration is writable by its group and others (mode 0666): they could declare pools for taplease"
                + " to apply (fix below)");
        assertThat(problemField(d)).isEqualTo(bad + ": the declaration is writable by its group and others (mode 0666):"
                + " they could declare pools for taplease to apply. Fix: chmod go-w " + bad);
        assertThat(Ui.sync(() -> dialog.messageType())).isEqualTo(IMessageProvider.WARNING);
        assertThat(Ui.sync(() -> Ui.find(d, Button.class, b -> b.getText().replace("&", "").equals("Provision"))
                .get(0).isEnabled())).as("Provision enabled despite the warning").isTrue();
        Ui.screenshotOf("pool-dialog-declarations-warning", d);

        // provisioning checks the declarations first: the error gives their own fix, and nothing is created
        Ui.run(() -> Ui.press(d, "Provision"));
        taps.adopt("uibroken");
        Shell error = Ui.waitForShell("Cannot provision pool uibroken");
        assertThat(Ui.sync(() -> Ui.texts(error))).contains("chmod go-w " + bad).doesNotContain("sudo taplease");
        Ui.screenshotOf("pool-declarations-error", error);
        Ui.run(() -> Ui.press(error, "Close"));
        assertThat(pool("uibroken")).isNull();
        assertThat(declarations.file("uibroken")).doesNotExist();

        // a syntax error: the file and line, as a warning
        Files.writeString(bad, "pool: [shared\n");
        Files.setPosixFilePermissions(bad, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Ui.executeLater("org.taplease.ui.commands.provisionPool");
        Shell d2 = Ui.waitForShell(TITLE);
        assertThat(Ui.sync(() -> dialogOf(d2).getMessage())).startsWith("The pool cannot be declared: shared.yaml line ")
                .endsWith("(fix below)");
        assertThat(problemField(d2)).startsWith(bad + " line ");
        assertThat(Ui.sync(() -> dialogOf(d2).messageType())).isEqualTo(IMessageProvider.WARNING);
        Ui.run(() -> Ui.press(d2, "Cancel"));
    }
}
