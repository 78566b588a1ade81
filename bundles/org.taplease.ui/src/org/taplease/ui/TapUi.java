package org.taplease.ui;

import org.taplease.core.LeaseRequest;
import org.taplease.core.TapException;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.UiTapService;

/** The taplease UI settings other bundles use (the launch configurations' defaults). */
public final class TapUi {

    /**
     * The pool that new NICs and launch configurations use when none is chosen: the default pool of the Tap Devices
     * preferences if the user set one; else a pool that exists here, the only one or the one with the most free taps;
     * else {@link LeaseRequest#DEFAULT_POOL} ({@code taplease}). Without a preference it reads the pools (a few sysfs
     * reads, no lease).
     */
    public static String defaultPool() {
        if (TapPreferences.poolChosen()) {
            return TapPreferences.pool();
        }
        try {
            return TapPreferences.likeliestPool(UiTapService.service().pools());
        } catch (TapException e) {
            return TapPreferences.pool(); // cannot read the pools: the launch will say why
        }
    }

    private TapUi() {
    }
}
