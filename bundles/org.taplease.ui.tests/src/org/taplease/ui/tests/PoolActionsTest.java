package org.taplease.ui.tests;

import org.taplease.ui.tests.support.Declarations;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.TapErrorDialog;
import org.taplease.ui.internal.handlers.ProvisionPoolHandler;
import org.taplease.ui.internal.views.TapDevicesView;

/** Create, top up and remove pools, and create a tap, through the view's commands and dialogs. */
class PoolActionsTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int NOBODY = 65534;

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

    /** The pool named {@code name}, or null. */
    private static PoolInfo pool(String name) {
        for (PoolInfo p : Taps.service().pools()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void provisionsAPoolForAUserTopsItUpAddsATapAndRemovesIt() {
        Ui.executeLater("org.taplease.ui.commands.provisionPool");
        Shell d = Ui.waitForShell("Create or Top Up Pool");
        Ui.run(() -> {
            Combo name = Ui.find(d, Combo.class, x -> true).get(0);
            name.setText("uipool");
            Spinner count = Ui.find(d, Spinner.class, x -> true).get(0);
            count.setSelection(2);
            count.notifyListeners(SWT.Modify, null);
            List<Text> fields = Ui.find(d, Text.class, x -> true);
            fields.get(0).setText("nobody"); // owner
            fields.get(1).setText(""); // group
        });
        assertThat(Ui.sync(() -> Ui.texts(d))).contains("Creates pool uipool with 2 taps.");
        Ui.screenshotOf("pool-dialog", d);
        Ui.run(() -> Ui.press(d, "Provision"));
        taps.adopt("uipool");
        Shell provisioned = Ui.waitForShell("Pool uipool");
        assertThat(Ui.sync(() -> Ui.texts(provisioned))).contains("Created uipool0, uipool1")
                .contains("Declared in " + declarations.file("uipool"));
        Ui.run(() -> Ui.press(provisioned, "OK"));
        Ui.waitFor(WAIT, "pool uipool with 2 taps owned by nobody",
                () -> pool("uipool") != null && pool("uipool").members().size() == 2);
        assertThat(pool("uipool").owner()).isEqualTo(NOBODY);
        Ui.waitFor(WAIT, "the view to list uipool1", () -> view.shownRows().stream()
                .anyMatch(r -> r.name().equals("uipool1") && r.ownerText().startsWith("nobody")));

        // Create Tap on a selected member: the pool grows by one with the same owner
        Ui.waitFor(WAIT, "uipool0 to be selectable", () -> view.select("uipool0"));
        Ui.run(() -> Ui.page().activate(view));
        Ui.executeLater("org.taplease.ui.commands.createTap");
        Shell c = Ui.waitForShell("Create Tap");
        assertThat(Ui.sync(() -> Ui.find(c, Text.class, x -> true).get(0).getText())).isEqualTo("nobody");
        assertThat(Ui.sync(() -> Ui.texts(c))).contains("Pool uipool has 2 taps (2 free); 1 will be created.");
        Ui.run(() -> Ui.press(c, "Create"));
        Shell created = Ui.waitForShell("Pool uipool");
        assertThat(Ui.sync(() -> Ui.texts(created))).contains("Created uipool2");
        Ui.run(() -> Ui.press(created, "OK"));
        Ui.waitFor(WAIT, "uipool2", () -> pool("uipool").members().size() == 3);
        assertThat(declarations.file("uipool")).content().contains("count: 3\n");
        assertThat(pool("uipool").members()).containsExactly("uipool0", "uipool1", "uipool2");

        // Remove Pool keeps a held tap and names its holder
        var holder = taps.hold("uipool1");
        Ui.waitFor(WAIT, "uipool0 to be selectable", () -> view.select("uipool0"));
        Ui.run(() -> Ui.page().activate(view));
        Ui.executeLater("org.taplease.ui.commands.removePool");
        Shell confirm = Ui.waitForShell("Remove Pool");
        Ui.run(() -> Ui.press(confirm, "OK"));
        Shell report = Ui.waitForShell("Pool uipool");
        assertThat(Ui.sync(() -> Ui.texts(report))).contains("Deleted 2 taps")
                .contains("Kept uipool1: held by sleep (pid " + holder.pid() + ")")
                .contains("Deleted its declaration in " + declarations.dir());
        Ui.run(() -> Ui.press(report, "OK"));
        assertThat(pool("uipool").members()).containsExactly("uipool1");
        assertThat(declarations.file("uipool")).doesNotExist();
    }

    @Test
    void aPermissionFailureShowsTheCommandToRunOnceWithSudo() {
        // The workbench of the tests runs as root, so the kernel cannot refuse it; this renders the exception the core
        // throws without CAP_NET_ADMIN (its text is checked by the core's unprivileged tests).
        PoolSpec spec = new PoolSpec("lab", 4, NOBODY, null);
        TapException e = new TapException(TapException.Reason.PERMISSION, "lab0", "creating taps needs CAP_NET_ADMIN",
                "unused", 1, "Operation not permitted", "TUNSETIFF", null);
        Ui.display().asyncExec(() -> TapErrorDialog.open(Ui.page().getWorkbenchWindow().getShell(),
                "Cannot provision pool lab", e, ProvisionPoolHandler.permissionFix(spec)));
        Shell d = Ui.waitForShell("Cannot provision pool lab");
        assertThat(Ui.sync(() -> Ui.texts(d))).contains("lab0: creating taps needs CAP_NET_ADMIN")
                .contains("permission - You may not do this without privileges.")
                .contains("TUNSETIFF failed: Operation not permitted (errno 1)")
                .contains("Run once with privileges (it provisions and declares the pool), then lease without them:")
                .contains("sudo taplease pool create --name lab --count 4 --owner nobody --config-dir "
                        + declarations.dir());
        Ui.screenshotOf("permission-error", d);
        Ui.run(() -> Ui.press(d, "Close"));
    }
}
