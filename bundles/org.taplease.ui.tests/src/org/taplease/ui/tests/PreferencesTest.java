package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.taplease.core.LeaseRequest;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.preferences.TapPreferencePage;
import org.taplease.ui.tests.support.Ui;

/** Window > Preferences > Tap Devices: values are validated with the core's rules and stored. */
class PreferencesTest {

    @AfterEach
    void reset() {
        Ui.run(() -> {
            for (String k : List.of(TapPreferences.DEFAULT_POOL, TapPreferences.NAME_TEMPLATE,
                    TapPreferences.REFRESH_MILLIS, TapPreferences.ALLOW_CREATE)) {
                TapPreferences.store().setToDefault(k);
            }
        });
    }

    private static Shell open(AtomicReference<Integer> code) {
        Ui.display().asyncExec(() -> {
            PreferenceDialog d = PreferencesUtil.createPreferenceDialogOn(
                    PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), TapPreferencePage.ID,
                    new String[] { TapPreferencePage.ID }, null);
            code.set(d.open());
        });
        return Ui.waitForShell("Preferences");
    }

    /** The page's text fields in order: pool, template, refresh interval. */
    private static List<Text> fields(Shell s) {
        return Ui.find(s, Text.class, t -> (t.getStyle() & SWT.SEARCH) == 0 && t.isVisible() && t.getEditable());
    }

    @Test
    void defaultsAreShownInvalidValuesAreRefusedAndValidOnesStored() {
        assertThat(Ui.sync(TapPreferences::pool)).isEqualTo(LeaseRequest.DEFAULT_POOL);
        assertThat(Ui.sync(TapPreferences::refreshMillis)).isEqualTo(TapPreferences.DEFAULT_REFRESH_MILLIS);

        AtomicReference<Integer> code = new AtomicReference<>();
        Shell prefs = open(code);
        List<Text> f = Ui.sync(() -> fields(prefs));
        assertThat(f).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Ui.sync(() -> f.get(0).getText())).isEqualTo(LeaseRequest.DEFAULT_POOL);

        Ui.run(() -> Ui.type(f.get(0), "9lab"));
        String error = Ui.sync(() -> Ui.texts(prefs));
        assertThat(error).contains("Invalid pool name: it must start with a letter");
        assertThat(Ui.sync(() -> okButton(prefs).isEnabled())).isFalse();

        Ui.run(() -> {
            Ui.type(f.get(0), "lab");
            Ui.type(f.get(1), "lab-%d");
            Ui.type(f.get(2), "500");
            Button create = Ui.find(prefs, Button.class, b -> b.getText().contains("Create a tap")).get(0);
            create.setSelection(true);
            create.notifyListeners(SWT.Selection, null);
        });
        assertThat(Ui.sync(() -> okButton(prefs).isEnabled())).isTrue();
        Ui.screenshotOf("preferences", prefs);
        Ui.run(() -> okButton(prefs).notifyListeners(SWT.Selection, null));
        Ui.waitFor(java.time.Duration.ofSeconds(10), "the dialog to close", () -> code.get() != null);

        assertThat(Ui.sync(TapPreferences::pool)).isEqualTo("lab");
        assertThat(Ui.sync(TapPreferences::template)).isEqualTo("lab-%d");
        assertThat(Ui.sync(TapPreferences::refreshMillis)).isEqualTo(500);
        assertThat(Ui.sync(TapPreferences::allowCreate)).isTrue();
        assertThat(Ui.sync(() -> TapPreferences.poolRequest(null))).isEqualTo(
                LeaseRequest.fromPool("lab").withTemplate("lab-%d").withCreate(true));
    }

    @Test
    void anOutOfRangeRefreshIntervalShowsItsWholeMessage() {
        AtomicReference<Integer> code = new AtomicReference<>();
        Shell prefs = open(code);
        List<Text> f = Ui.sync(() -> fields(prefs));
        try {
            showsWholeRangeError(prefs, f.get(2));
        } finally {
            Ui.run(() -> Ui.press(prefs, "Cancel"));
            Ui.waitFor(java.time.Duration.ofSeconds(10), "the dialog to close", () -> code.get() != null);
        }
    }

    private static void showsWholeRangeError(Shell prefs, Text refresh) {
        Ui.run(() -> Ui.type(refresh, "10"));
        Ui.waitFor(java.time.Duration.ofSeconds(10), "the range error", () -> !messageTexts(prefs).isEmpty());
        // the dialog's message line shows a message too long for it shortened ("Value must be an Inte...") with the
        // whole message as its tool tip
        String[] shown = Ui.sync(() -> {
            Text t = messageTexts(prefs).get(0);
            return new String[] { t.getText(), t.getToolTipText() };
        });
        assertThat(shown[0]).as("the message line").contains("250").contains("60").doesNotContain("...");
        if (shown[1] != null) {
            assertThat(shown[0]).as("the message line against the whole message").isEqualTo(shown[1]);
        }
        int[] w = Ui.sync(() -> {
            Text t = messageTexts(prefs).get(0);
            GC gc = new GC(t);
            try {
                gc.setFont(t.getFont());
                return new int[] { gc.textExtent(t.getText()).x, t.getClientArea().width };
            } finally {
                gc.dispose();
            }
        });
        assertThat(w[0]).as("'%s' fits its line", shown[0]).isLessThanOrEqualTo(w[1]);
        assertThat(Ui.sync(() -> okButton(prefs).isEnabled())).isFalse();
        Ui.screenshotOf("preferences-refresh-error", prefs);
    }

    /** The dialog's read-only message lines that show the refresh interval's range error. UI thread. */
    private static List<Text> messageTexts(Shell s) {
        return Ui.find(s, Text.class, t -> t.isVisible() && !t.getEditable() && (t.getText().contains("250")
                || t.getToolTipText() != null && t.getToolTipText().contains("250")));
    }

    private static Button okButton(Shell s) {
        return Ui.find(s, Button.class, b -> b.getText().replace("&", "").equals("Apply and Close")).get(0);
    }
}
