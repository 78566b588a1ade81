package org.taplease.ui;

import org.taplease.ui.internal.TapPreferences;

/** The taplease UI settings other bundles use (the launch configurations' defaults). */
public final class TapUi {

    /** The pool that leases, the free-tap picker and new NICs use when none is chosen (a preference). */
    public static String defaultPool() {
        return TapPreferences.pool();
    }

    private TapUi() {
    }
}
