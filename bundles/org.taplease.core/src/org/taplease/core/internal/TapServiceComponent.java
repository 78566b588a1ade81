package org.taplease.core.internal;

import org.osgi.service.component.annotations.Component;
import org.taplease.core.TapService;
import org.taplease.core.internal.engine.LeaseEngine;

/**
 * The {@link TapService} as an OSGi Declarative Services component: the lease engine itself over the platform's
 * kernel (no forwarding). Its state (the last released tap of each pool) lives as long as the component, which its
 * consumers keep active by holding their references for their own lifetime.
 */
@Component(service = TapService.class)
public final class TapServiceComponent extends LeaseEngine {

    public TapServiceComponent() {
        super(Kernels.forPlatform(), HandoffLocks.standard());
    }
}
