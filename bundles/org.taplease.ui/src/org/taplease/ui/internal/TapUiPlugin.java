package org.taplease.ui.internal;

import java.util.concurrent.TimeUnit;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.taplease.core.TapException;
import org.taplease.core.TapService;
import org.taplease.core.internal.TapServiceTrackers;

/**
 * The UI bundle's activator: tracks the core's {@link TapService} (a Declarative Services component), owns the taps
 * leased for the IDE session and the bundle's images. Everything it owns is released in {@link #stop}.
 */
public final class TapUiPlugin extends AbstractUIPlugin {

    public static final String ID = "org.taplease.ui";

    private static volatile TapUiPlugin instance;

    private ServiceTracker<TapService, TapService> tracker;
    private final SessionLeases sessionLeases = new SessionLeases();

    @Override
    public void start(BundleContext context) throws Exception {
        super.start(context);
        tracker = new ServiceTracker<>(context, TapService.class, null);
        tracker.open();
        instance = this;
    }

    @Override
    public void stop(BundleContext context) throws Exception {
        instance = null;
        try {
            sessionLeases.releaseAll();
            tracker.close();
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

    /**
     * The tap service. Starts the core bundle (lazy activation) if nothing has yet, and waits briefly for its DS
     * component.
     *
     * @throws TapException (reason {@link TapException.Reason#UNSUPPORTED_PLATFORM}) naming what to install
     */
    public TapService service() {
        return TapServiceTrackers.await(tracker, TimeUnit.SECONDS.toMillis(10));
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
