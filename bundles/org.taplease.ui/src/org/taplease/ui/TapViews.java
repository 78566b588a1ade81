package org.taplease.ui;

/**
 * Identifiers of the workbench parts that {@code org.taplease.ui} contributes, for perspectives and tests of other
 * bundles. The values are permanent: saved workbench layouts refer to them.
 */
public final class TapViews {

    /** The Tap Devices view. */
    public static final String TAP_DEVICES = "org.taplease.ui.views.tapDevices";
    /** The Tap Status view (follows the Tap Devices selection). */
    public static final String TAP_STATUS = "org.taplease.ui.views.tapStatus";
    /** The "Tap Devices" perspective. */
    public static final String PERSPECTIVE = "org.taplease.ui.perspective";

    private TapViews() {
    }
}
