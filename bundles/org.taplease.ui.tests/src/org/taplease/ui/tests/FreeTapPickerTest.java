package org.taplease.ui.tests;

import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.FreeTapPickerDialog;

/** The free-tap picker lists free taps only, filters by pool and returns a lease request that leases a free tap. */
class FreeTapPickerTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private Taps taps;

    @BeforeEach
    void setUp() {
        taps = new Taps();
    }

    @AfterEach
    void tearDown() {
        taps.close();
    }

    /** Opens the picker later on the UI thread; the result lands in {@code result} when it closes. */
    private static Shell open(String pool, AtomicReference<LeaseRequest> result, AtomicReference<Integer> code) {
        Ui.display().asyncExec(() -> {
            FreeTapPickerDialog d = new FreeTapPickerDialog(
                    PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell()).initialPool(pool)
                    .initialCreate(false);
            code.set(d.open());
            result.set(d.request());
        });
        return Ui.waitForShell("Select a Free Tap");
    }

    private static List<String> rows(Shell s) {
        Table t = Ui.find(s, Table.class, x -> true).get(0);
        return java.util.Arrays.stream(t.getItems()).map(i -> i.getText(0)).toList();
    }

    private static void selectRow(Shell s, String tap) {
        Table t = Ui.find(s, Table.class, x -> true).get(0);
        for (int i = 0; i < t.getItemCount(); i++) {
            if (t.getItem(i).getText(0).equals(tap)) {
                t.setSelection(i);
                t.notifyListeners(SWT.Selection, null);
                return;
            }
        }
        throw new AssertionError(tap + " not in the picker");
    }

    @Test
    void listsOnlyFreeTapsOfThePoolAndReturnsARequestThatLeasesOne() {
        List<String> created = taps.pool("pick", 3);
        taps.pool("other", 1);
        taps.hold(created.get(0));

        AtomicReference<LeaseRequest> result = new AtomicReference<>();
        AtomicReference<Integer> code = new AtomicReference<>();
        Shell picker = open("pick", result, code);
        Ui.waitFor(Duration.ofSeconds(20), "the free taps of pool pick", () -> rows(picker).size() == 2);
        assertThat(Ui.sync(() -> rows(picker))).containsExactly("pick1", "pick2"); // pick0 is held; other filtered

        Ui.run(() -> selectRow(picker, "pick2"));
        Ui.screenshotOf("free-tap-picker", picker);
        Ui.run(() -> Ui.press(picker, "Select"));
        Ui.waitFor(Duration.ofSeconds(10), "the picker to close", () -> code.get() != null);

        LeaseRequest r = result.get();
        assertThat(r).isEqualTo(LeaseRequest.fromPool("pick").withPreferred("pick2").withCreate(false)
                .withTemplate(LeaseRequest.DEFAULT_TEMPLATE));
        try (TapLease lease = Taps.service().lease(r)) {
            assertThat(lease.name()).isEqualTo("pick2");
        }
    }

    @Test
    void exactTapAndCreateOptionsShapeTheRequest() {
        taps.pool("pick", 2);
        AtomicReference<LeaseRequest> result = new AtomicReference<>();
        AtomicReference<Integer> code = new AtomicReference<>();
        Shell picker = open("pick", result, code);
        Ui.waitFor(Duration.ofSeconds(20), "the free taps", () -> rows(picker).size() == 2);
        Ui.run(() -> {
            selectRow(picker, "pick1");
            Button exact = Ui.find(picker, Button.class, b -> b.getText().contains("Exactly")).get(0);
            exact.setSelection(true);
            Ui.find(picker, Button.class, b -> b.getText().contains("Any free")).get(0).setSelection(false);
            exact.notifyListeners(SWT.Selection, null);
            Ui.press(picker, "Select");
        });
        Ui.waitFor(Duration.ofSeconds(10), "the picker to close", () -> code.get() != null);
        assertThat(result.get()).isEqualTo(LeaseRequest.named("pick1"));

        result.set(null);
        code.set(null);
        Shell again = open("pick", result, code);
        Ui.waitFor(Duration.ofSeconds(20), "the free taps", () -> rows(again).size() == 2);
        Ui.run(() -> {
            Button create = Ui.find(again, Button.class, b -> b.getText().contains("reate a new tap")).get(0);
            create.setSelection(true);
            create.notifyListeners(SWT.Selection, null);
            Ui.press(again, "Select");
        });
        Ui.waitFor(Duration.ofSeconds(10), "the picker to close", () -> code.get() != null);
        assertThat(result.get().pool()).isEqualTo("pick");
        assertThat(result.get().allowCreate()).isTrue();
        assertThat(result.get().isNamed()).isFalse();
    }

    @Test
    void cancelReturnsNoRequest() {
        taps.pool("pick", 1);
        AtomicReference<LeaseRequest> result = new AtomicReference<>();
        AtomicReference<Integer> code = new AtomicReference<>();
        Shell picker = open("pick", result, code);
        Ui.waitFor(Duration.ofSeconds(20), "the free taps", () -> rows(picker).size() == 1);
        Ui.run(() -> Ui.press(picker, "Cancel"));
        Ui.waitFor(Duration.ofSeconds(10), "the picker to close", () -> code.get() != null);
        assertThat(result.get()).isNull();
    }

    @Test
    void anEmptyPoolSaysWhichPoolsHaveFreeTaps() {
        taps.pool("vm", 2);
        taps.pool("lab", 1);
        AtomicReference<LeaseRequest> result = new AtomicReference<>();
        AtomicReference<Integer> code = new AtomicReference<>();
        Shell picker = open("taplease", result, code); // the default pool, which does not exist here
        Ui.waitFor(Duration.ofSeconds(20), "the empty-state message", () -> Ui.texts(picker).contains("No free tap"));
        Ui.screenshotOf("free-tap-picker-empty-pool", picker);
        try {
            assertThat(Ui.sync(() -> rows(picker))).isEmpty();
            assertThat(Ui.sync(() -> Ui.texts(picker))).as("the message names the pools that have free taps")
                    .contains("vm (2 free)").contains("lab (1 free)");
        } finally {
            Ui.run(() -> Ui.press(picker, "Cancel"));
            Ui.waitFor(Duration.ofSeconds(10), "the picker to close", () -> code.get() != null);
        }
    }
}
