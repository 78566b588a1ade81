package org.taplease.ui.internal.preferences;

import java.util.Locale;

import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.taplease.core.TapException;
import org.taplease.core.TapNames;
import org.taplease.ui.internal.TapPreferences;

/**
 * Window > Preferences > Tap Devices: default pool, name template, refresh interval, creating taps. The views follow
 * the kernel's events; the refresh interval is how often Tap Devices lists the taps where there are none.
 */
public final class TapPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "org.taplease.ui.preferences";

    private StringFieldEditor pool;
    private StringFieldEditor template;

    public TapPreferencePage() {
        super(GRID);
        setDescription("Defaults for leasing and creating tap interfaces from the IDE.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(TapPreferences.store());
    }

    @Override
    protected void createFieldEditors() {
        pool = new StringFieldEditor(TapPreferences.DEFAULT_POOL, "Default &pool:", getFieldEditorParent()) {
            @Override
            protected boolean doCheckState() {
                String why = problem(() -> TapNames.requireValidPool(getStringValue().trim()));
                setErrorMessage(why);
                return why == null;
            }
        };
        pool.setEmptyStringAllowed(false);
        addField(pool);

        template = new StringFieldEditor(TapPreferences.NAME_TEMPLATE, "&Name template for new taps:",
                getFieldEditorParent()) {
            @Override
            protected boolean doCheckState() {
                String p = pool.getStringValue().trim();
                String examplePool = problem(() -> TapNames.requireValidPool(p)) == null ? p : "pool";
                String why = problem(() -> TapNames.requireValidTemplate(getStringValue().trim(), examplePool));
                setErrorMessage(why);
                return why == null;
            }
        };
        template.setEmptyStringAllowed(false);
        addField(template);

        IntegerFieldEditor refresh = new IntegerFieldEditor(TapPreferences.REFRESH_MILLIS,
                "&Refresh interval without kernel events (ms):", getFieldEditorParent(), 5);
        refresh.setValidRange(TapPreferences.MIN_REFRESH_MILLIS, TapPreferences.MAX_REFRESH_MILLIS);
        // JFace's "Value must be an Integer between 250 and 60,000" is too long for the dialog's message line, which
        // shortens it in the middle ("Value must be an Integ...between 250 and 60,000")
        refresh.setErrorMessage(refreshRangeMessage());
        addField(refresh);

        addField(new BooleanFieldEditor(TapPreferences.ALLOW_CREATE,
                "&Create a tap when no tap of the pool is free (needs CAP_NET_ADMIN)", getFieldEditorParent()));

        Label hint = new Label(getFieldEditorParent(), SWT.WRAP);
        hint.setText("The template may use {pool} and must contain one %d, e.g. {pool}%d gives taplease0,"
                + " taplease1, ... Without privileges, ask an administrator to provision a pool owned by you once:"
                + " sudo taplease pool create --name POOL --count 4 --owner $USER");
        GridData gd = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
        gd.widthHint = 420;
        gd.verticalIndent = 12;
        hint.setLayoutData(gd);
    }

    /** "Refresh interval: 250 to 60,000 ms": short enough for the dialog's message line. */
    public static String refreshRangeMessage() {
        return String.format(Locale.ROOT, "Refresh interval: %,d to %,d ms", TapPreferences.MIN_REFRESH_MILLIS,
                TapPreferences.MAX_REFRESH_MILLIS);
    }

    /** The core's reason if {@code validation} rejects the value (short: it must fit the message line), else null. */
    static String problem(Runnable validation) {
        try {
            validation.run();
            return null;
        } catch (TapException e) {
            String s = e.summary();
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
    }
}
