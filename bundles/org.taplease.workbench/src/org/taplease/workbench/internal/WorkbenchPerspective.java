package org.taplease.workbench.internal;

import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;
import org.taplease.ui.TapViews;

/**
 * The Tap Workbench perspective, the product's first screen: launches (Debug view) and the workspace on the left,
 * the taps on the right, below them the selected tap's status and, beside it in a stack of their own, properties and
 * the emulators' consoles (so a launch's console never hides the tap's chart); the Run/Debug launch tool bar is on.
 */
public final class WorkbenchPerspective implements IPerspectiveFactory {

    public static final String ID = "org.taplease.workbench.perspective";
    static final String PROJECT_EXPLORER = "org.eclipse.ui.navigator.ProjectExplorer";
    private static final String BOTTOM = "org.taplease.workbench.bottom";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editor = layout.getEditorArea();
        layout.setEditorAreaVisible(false);

        IFolderLayout left = layout.createFolder("org.taplease.workbench.left", IPageLayout.LEFT, 0.3f, editor);
        left.addView(IDebugUIConstants.ID_DEBUG_VIEW);
        left.addView(PROJECT_EXPLORER);

        IFolderLayout taps = layout.createFolder("org.taplease.workbench.taps", IPageLayout.TOP, 0.55f, editor);
        taps.addView(TapViews.TAP_DEVICES);

        IFolderLayout bottom = layout.createFolder(BOTTOM, IPageLayout.BOTTOM, 0.45f, "org.taplease.workbench.taps");
        bottom.addView(TapViews.TAP_STATUS);

        // the Console in a stack of its own beside Tap Status (with Properties, as in the Tap Devices perspective):
        // a launch brings the Console to the front of its stack, and must never hide the chart of the tap it leased
        IFolderLayout side = layout.createFolder("org.taplease.workbench.props", IPageLayout.RIGHT, 0.6f, BOTTOM);
        side.addView(IPageLayout.ID_PROP_SHEET);
        side.addView(IConsoleConstants.ID_CONSOLE_VIEW);

        layout.addActionSet(IDebugUIConstants.LAUNCH_ACTION_SET);
        for (String view : new String[] { TapViews.TAP_DEVICES, TapViews.TAP_STATUS, IDebugUIConstants.ID_DEBUG_VIEW,
                IConsoleConstants.ID_CONSOLE_VIEW, IPageLayout.ID_PROP_SHEET, PROJECT_EXPLORER }) {
            layout.addShowViewShortcut(view);
        }
        layout.addPerspectiveShortcut(ID);
        layout.addPerspectiveShortcut(TapViews.PERSPECTIVE);
        layout.addPerspectiveShortcut(IDebugUIConstants.ID_DEBUG_PERSPECTIVE);
    }
}
