package org.taplease.ui.internal.handlers;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;
import org.taplease.core.TapService;
import org.taplease.ui.internal.TapJobs;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.UiTapService;
import org.taplease.ui.internal.views.TapDevicesView;

/** Base of the Tap Devices view's handlers: the selected rows, the service, a refresh after a change. */
abstract class TapHandler extends AbstractHandler {

    static List<TapRow> rows(ExecutionEvent event) {
        List<TapRow> out = new ArrayList<>();
        IStructuredSelection sel = HandlerUtil.getCurrentStructuredSelection(event);
        for (Object o : sel) {
            if (o instanceof TapRow r) {
                out.add(r);
            }
        }
        return out;
    }

    static Shell shell(ExecutionEvent event) {
        Shell s = HandlerUtil.getActiveShell(event);
        return s != null ? s : TapJobs.shell();
    }

    static TapService service() {
        return UiTapService.service();
    }

    /** Refreshes every open Tap Devices view (after an action changed taps). */
    static void refreshViews() {
        for (IWorkbenchWindow w : PlatformUI.getWorkbench().getWorkbenchWindows()) {
            if (w.getActivePage() != null) {
                IViewPart v = w.getActivePage().findView(TapDevicesView.ID);
                if (v instanceof TapDevicesView view) {
                    view.requestRefresh();
                }
            }
        }
    }

    /** The CLI command a user runs once with privileges; {@code taplease} is on PATH after installing the CLI. */
    static String sudo(String command) {
        return "sudo taplease " + command;
    }
}
