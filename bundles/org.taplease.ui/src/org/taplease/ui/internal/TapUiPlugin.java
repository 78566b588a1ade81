package org.taplease.ui.internal;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;

/**
 * The UI bundle's activator: owns the taps leased for the IDE session, the preferences, the bundle's images and the
 * cache of account names.
 * Everything it owns is released in {@link #stop}. The tap service is not here: {@link UiTapService} (a Declarative
 * Services component) holds it.
 */
public final class TapUiPlugin extends AbstractUIPlugin {

    public static final String ID = "org.taplease.ui";

    private static volatile TapUiPlugin instance;

    private final SessionLeases sessionLeases = new SessionLeases();
    private final AccountNames accountNames = new AccountNames();

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        instance = null;
        try {
            sessionLeases.releaseAll();
        } finally {
            super.stop(context);
        }
    }

    /** The running plug-in. */
    public static TapUiPlugin get() {
        TapUiPlugin p = instance;
        if (p == null) {
            throw new IllegalStateException(ID + " is not active");
        }
        return p;
    }

    /** The taps this IDE session holds; released when the workbench shuts down. */
    public SessionLeases sessionLeases() {
        return sessionLeases;
    }

    /** User and group names of taps' owners, resolved by the jobs that read taps (never on the UI thread). */
    public AccountNames accountNames() {
        return accountNames;
    }

    @Override
    protected void initializeImageRegistry(ImageRegistry reg) {
        for (String key : Images.ALL) {
            reg.put(key, ImageDescriptor.createFromURL(getBundle().getEntry("icons/" + key + ".png")));
        }
    }

    /** A shared image of the bundle (owned by the registry: never dispose it). */
    public static org.eclipse.swt.graphics.Image image(String key) {
        return get().getImageRegistry().get(key);
    }
}
