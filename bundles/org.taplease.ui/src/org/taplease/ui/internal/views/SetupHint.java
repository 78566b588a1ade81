package org.taplease.ui.internal.views;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.taplease.core.Checkup;
import org.taplease.ui.internal.TapUiPlugin;
import org.taplease.ui.internal.handlers.CheckSetupHandler;

/**
 * What the Tap Devices view shows above its table while there are no taps: the command that creates a first pool (as
 * {@code taplease list} prints it), selectable, and a link to Check Setup. Self-contained: the view creates it and
 * says when to show it.
 */
final class SetupHint {

    /** The link's text (tests). */
    static final String CHECK_SETUP = "Check setup\u2026";

    private final Composite area;
    private final Link link;

    SetupHint(Composite parent) {
        area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).margins(4, 4).applyTo(area);
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(area);
        area.setVisible(false);
        new Label(area, SWT.NONE).setText(Checkup.NO_TAPS);
        Text command = new Text(area, SWT.READ_ONLY);
        command.setText(Checkup.FIRST_POOL_COMMAND);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(command);
        link = new Link(area, SWT.NONE);
        link.setText("<a>" + CHECK_SETUP + "</a>");
        link.addListener(SWT.Selection, e -> {
            try {
                PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(CheckSetupHandler.COMMAND,
                        null);
            } catch (Exception ex) {
                TapUiPlugin.get().getLog().error("Check Setup", ex);
            }
        });
    }

    /** Shows or hides the hint; true if that changed the layout. */
    boolean show(boolean on) {
        if (area.getVisible() == on) {
            return false;
        }
        area.setVisible(on);
        ((GridData) area.getLayoutData()).exclude = !on;
        return true;
    }

    boolean visible() {
        return area.getVisible();
    }

    Link link() {
        return link;
    }
}
