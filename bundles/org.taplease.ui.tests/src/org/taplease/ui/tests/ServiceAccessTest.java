package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.taplease.core.TapService;
import org.taplease.core.tests.support.Components;
import org.taplease.ui.internal.UiTapService;

/**
 * The UI bundle holds the core's TapService through its own DS component (no tracker, nobody starts the core), and
 * views, handlers and dialogs get that one service object.
 */
class ServiceAccessTest {

    private final Components scr = Components.of(ServiceAccessTest.class);

    @Test
    void theUiBundlesComponentIsActiveAndHoldsTheCoresService() {
        ServiceReference<TapService> core = scr.tapService();
        ComponentConfigurationDTO ui = scr.awaitActive(UiTapService.class.getName(), Duration.ofSeconds(10));
        assertThat(Components.bound(ui, "service")).containsExactly((Long) core.getProperty("service.id"));
        assertThat(Components.users(core)).contains("org.taplease.ui");
        assertThat(UiTapService.service()).isSameAs(UiTapService.service());
        assertThat(UiTapService.service().backend()).isEqualTo("linux");
    }
}
