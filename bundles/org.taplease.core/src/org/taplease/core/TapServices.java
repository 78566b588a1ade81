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

    private TapServices() {
    }
}
