package org.taplease.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.taplease.ui.TapViews;
import org.taplease.ui.internal.views.TapDevicesView;
import org.taplease.ui.internal.views.TapStatusView;

/** The "Tap Devices" perspective: the taps on top, the selected tap's status and properties below. */
public final class TapPerspective implements IPerspectiveFactory {

    public static final String ID = TapViews.PERSPECTIVE;

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editor = layout.getEditorArea();
        layout.setEditorAreaVisible(false);
        IFolderLayout top = layout.createFolder("org.taplease.ui.top", IPageLayout.TOP, 0.55f, editor);
        top.addView(TapDevicesView.ID);
        IFolderLayout status = layout.createFolder("org.taplease.ui.status", IPageLayout.BOTTOM, 0.45f,
                "org.taplease.ui.top");
        status.addView(TapStatusView.ID);
        IFolderLayout props = layout.createFolder("org.taplease.ui.props", IPageLayout.RIGHT, 0.58f,
                "org.taplease.ui.status");
        props.addView(IPageLayout.ID_PROP_SHEET);
        props.addPlaceholder("org.eclipse.ui.console.ConsoleView");
        layout.addShowViewShortcut(TapDevicesView.ID);
        layout.addShowViewShortcut(TapStatusView.ID);
        layout.addShowViewShortcut(IPageLayout.ID_PROP_SHEET);
        layout.addPerspectiveShortcut(ID);
    }
}
