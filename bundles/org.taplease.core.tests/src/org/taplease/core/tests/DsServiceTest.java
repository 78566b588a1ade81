package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.taplease.core.TapService;
import org.taplease.core.tests.support.NoLeaks;

/** The core's Declarative Services component resolves and activates in an OSGi runtime. */
@ExtendWith(NoLeaks.class)
class DsServiceTest {

    @Test
    void tapServiceIsRegisteredAndWorks() throws Exception {
        Bundle self = FrameworkUtil.getBundle(DsServiceTest.class);
        assertThat(self).as("running inside OSGi").isNotNull();
        BundleContext ctx = self.getBundleContext();
        ServiceTracker<TapService, TapService> tracker = new ServiceTracker<>(ctx, TapService.class, null);
        tracker.open();
        try {
            TapService service = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
            assertThat(service).as("TapService from DS").isNotNull();
            assertThat(service.backend()).isEqualTo("linux");
            assertThat(tracker.getServiceReference().getBundle().getSymbolicName()).isEqualTo("org.taplease.core");
            // a call that works without privileges or taps: the inventory of this namespace
            assertThat(service.inventory(false)).isNotNull();
        } finally {
            tracker.close();
        }
    }
}
