package org.taplease.core.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapService;

/**
 * For bundles that use the {@link TapService} component (UI, launching): gets it from a tracker, starting this bundle
 * first if nothing has (its activation policy is lazy and DS only sees started bundles). Only loaded inside OSGi: the
 * core's OSGi imports are optional.
 */
public final class TapServiceTrackers {

    /**
     * The tracked service, waiting up to {@code timeoutMillis} for it.
     *
     * @throws TapException {@link Reason#UNSUPPORTED_PLATFORM} naming what to install if there is none
     */
    public static TapService await(ServiceTracker<TapService, TapService> tracker, long timeoutMillis) {
        TapService s = tracker.getService();
        if (s != null) {
            return s;
        }
        try {
            Bundle core = FrameworkUtil.getBundle(TapServiceTrackers.class);
            if (core != null && (core.getState() & (Bundle.RESOLVED | Bundle.INSTALLED)) != 0) {
                core.start(Bundle.START_TRANSIENT | Bundle.START_ACTIVATION_POLICY);
            }
            s = tracker.waitForService(timeoutMillis);
        } catch (BundleException e) {
            throw new TapException(Reason.UNSUPPORTED_PLATFORM, "org.taplease.core", "the bundle cannot be started: "
                    + e.getMessage(), "check the installation (Help > About > Installation Details > Configuration)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (s == null) {
            throw new TapException(Reason.UNSUPPORTED_PLATFORM, "org.taplease.core",
                    "the TapService component is not available",
                    "make sure org.taplease.core and a Declarative Services runtime (org.apache.felix.scr) are"
                            + " installed and started");
        }
        return s;
    }

    private TapServiceTrackers() {
    }
}
