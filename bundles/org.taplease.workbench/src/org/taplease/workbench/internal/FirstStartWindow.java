package org.taplease.workbench.internal;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Shell;

/**
 * On a first start (no saved workbench state) the Tap Workbench's window fills its screen: the IDE application opens
 * a new window at a fixed 1024 x 768 whatever the display, which hides half of Tap Devices' columns. A model processor
 * that runs only on the initial model ({@code apply="initial"} in plugin.xml, so never once the workbench has saved its
 * state, where the user's own size wins): just before the workbench window first shows (SWT's {@code Show}, sent before
 * the window is mapped, after the IDE has set its size) it takes its monitor's client area and is maximized, so a
 * window manager keeps it maximized and the workbench remembers that.
 */
public final class FirstStartWindow {

    @Execute
    public void fillScreen(MApplication application) {
        Display display = Display.getCurrent();
        if (display == null) {
            return; // not on the UI thread: leave the IDE's size
        }
        Listener onShow = new Listener() {
            @Override
            public void handleEvent(Event e) {
                if (e.widget instanceof Shell shell && isWorkbenchWindow(application, shell)) {
                    display.removeFilter(SWT.Show, this);
                    shell.setBounds(shell.getMonitor().getClientArea());
                    shell.setMaximized(true);
                }
            }
        };
        display.addFilter(SWT.Show, onShow);
    }

    private static boolean isWorkbenchWindow(MApplication application, Shell shell) {
        for (MWindow w : application.getChildren()) {
            if (w.getWidget() == shell) {
                return true;
            }
        }
        return false;
    }
}
