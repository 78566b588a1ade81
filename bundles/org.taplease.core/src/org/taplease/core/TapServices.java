package org.taplease.core;

import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.Kernels;
import org.taplease.core.internal.engine.LeaseEngine;

/** Creates the {@link TapService} of the platform this JVM runs on, for use without OSGi. */
public final class TapServices {

    /**
     * The lease engine over the kernel of {@code os.name}: Linux; FreeBSD (not yet run on a FreeBSD kernel in this
     * project's CI, see docs/freebsd.md); otherwise one that fails every call with UNSUPPORTED_PLATFORM.
     */
    public static TapService forPlatform() {
        return new LeaseEngine(Kernels.forPlatform(), HandoffLocks.standard());
    }

    /**
     * The failure of a consumer that holds no {@link TapService} (for DS components that reference it): names what to
     * install.
     *
     * @param consumer the symbolic name of the consuming bundle
     */
    public static TapException unavailable(String consumer) {
        return new TapException(TapException.Reason.UNSUPPORTED_PLATFORM, "org.taplease.core",
                "the TapService component is not available to " + consumer,
                "make sure org.taplease.core and a Declarative Services runtime (org.apache.felix.scr) are installed and"
                        + " started");
    }

    private TapServices() {
    }
}
