package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.Adapters;
import org.eclipse.swt.SWT;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.views.properties.IPropertySource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.views.TapDevicesView;
import org.taplease.ui.internal.views.TapStatusView;
import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

/**
 * The network a tap carries, as Tap Devices, the Properties view and Tap Status show it: a routed tap (a /30 on the
 * tap, the guest's address beside it) and a bridged tap (a port of a bridge), both made with {@code ip} in the test
 * namespace as a routed or bridged pool's members are.
 */
class TapNetworkViewTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BRIDGE = "uibr0";
    private static final String ROUTED = "uinet0";
    private static final String BRIDGED = "uinet1";

    private Taps taps;
    private TapDevicesView view;

    @BeforeEach
    void open() {
        taps = new Taps();
        taps.pool("uinet", 3);
        Kernel.run("ip", "addr", "add", "10.77.5.1/30", "dev", ROUTED);
        Kernel.run("ip", "link", "add", BRIDGE, "type", "bridge");
        Kernel.run("ip", "link", "set", BRIDGED, "master", BRIDGE);
        view = Ui.showView(TapDevicesView.ID);
    }

    @AfterEach
    void close() {
        Ui.closeView(TapStatusView.ID);
        Ui.closeView(IPageLayout.ID_PROP_SHEET);
        Ui.closeView(TapDevicesView.ID);
        Kernel.run("ip", "link", "del", BRIDGE);
        taps.close();
    }

    private void waitForCell(String tap, String column, String text) {
        Ui.waitFor(WAIT, tap + " shown with " + column + " '" + text + "'", () -> text.equals(view.cell(tap, column)));
    }

    private void select(String tap) {
        Ui.waitFor(WAIT, tap + " to be selectable", () -> view.select(tap));
        Ui.run(() -> Ui.page().activate(view));
    }

    @Test
    void showsTheAddressesOfARoutedTapAndTheBridgeOfABridgedOne() {
        waitForCell(ROUTED, TapDevicesView.ADDRESSES, "10.77.5.1/30 \u2192 guest 10.77.5.2");
        waitForCell(BRIDGED, TapDevicesView.BRIDGE, BRIDGE + " (1 port)");
        Ui.run(() -> {
            assertThat(view.cell(ROUTED, TapDevicesView.BRIDGE)).isEmpty();
            assertThat(view.cell(BRIDGED, TapDevicesView.ADDRESSES)).isEmpty();
            assertThat(view.cell("uinet2", TapDevicesView.ADDRESSES)).isEmpty();
            assertThat(view.cell("uinet2", TapDevicesView.BRIDGE)).isEmpty();
        });
        Ui.run(() -> Ui.page().activate(view));
        Ui.screenshot("tap-devices-network");

        // filter by address and by bridge
        Ui.run(() -> view.filterField().setText("10.77.5"));
        Ui.waitFor(WAIT, "the address filter to leave uinet0", () -> names().equals(List.of(ROUTED)));
        Ui.run(() -> view.filterField().setText(BRIDGE));
        Ui.waitFor(WAIT, "the bridge filter to leave uinet1", () -> names().equals(List.of(BRIDGED)));
        Ui.run(() -> view.filterField().setText("uinet"));
        Ui.waitFor(WAIT, "the filter to show the pool", () -> names().size() == 3);

        // sort by Addresses (taps without one first), then by Bridge descending
        Ui.run(() -> view.table().getColumn(TapDevicesView.column(TapDevicesView.ADDRESSES))
                .notifyListeners(SWT.Selection, null));
        assertThat(Ui.sync(this::names)).containsExactly("uinet1", "uinet2", ROUTED);
        Ui.run(() -> {
            var c = view.table().getColumn(TapDevicesView.column(TapDevicesView.BRIDGE));
            c.notifyListeners(SWT.Selection, null);
            c.notifyListeners(SWT.Selection, null);
        });
        assertThat(Ui.sync(this::names)).startsWith(BRIDGED);
        Ui.run(() -> view.filterField().setText(""));

        // every field in the Properties view
        select(ROUTED);
        TapRow routed = Ui.sync(() -> view.selected().get(0));
        IPropertySource props = Adapters.adapt(routed, IPropertySource.class);
        assertThat(props.getPropertyValue("Network.Host address")).isEqualTo("10.77.5.1");
        assertThat(props.getPropertyValue("Network.Guest address")).isEqualTo("10.77.5.2");
        assertThat(props.getPropertyValue("Network.Prefix length")).isEqualTo("/30");
        assertThat(props.getPropertyValue("Network.Netmask")).isEqualTo("255.255.255.252");
        assertThat(props.getPropertyValue("Network.Bridge")).isEqualTo("-");
        String guestMac = routed.info().network().guestMac();
        assertThat(props.getPropertyValue("Network.Guest MAC")).isEqualTo(guestMac == null ? "-" : guestMac);
        select(BRIDGED);
        IPropertySource bridged = Adapters.adapt(Ui.sync(() -> view.selected().get(0)), IPropertySource.class);
        assertThat(bridged.getPropertyValue("Network.Bridge")).isEqualTo(BRIDGE);
        assertThat(bridged.getPropertyValue("Network.Host address")).isEqualTo("-");
        Ui.sync(() -> {
            try {
                return Ui.page().showView(IPageLayout.ID_PROP_SHEET);
            } catch (org.eclipse.ui.PartInitException e) {
                throw new IllegalStateException(e);
            }
        });
        select(ROUTED);
        Ui.screenshot("tap-devices-network-properties");
    }

    @Test
    void tapStatusShowsTheTapsAddressesAndBridge() {
        waitForCell(ROUTED, TapDevicesView.ADDRESSES, "10.77.5.1/30 \u2192 guest 10.77.5.2");
        TapStatusView status = Ui.showView(TapStatusView.ID);
        select(ROUTED);
        Ui.waitFor(WAIT, "Tap Status to show uinet0's addresses",
                () -> ROUTED.equals(status.tapName()) && "10.77.5.1/30 (255.255.255.252)".equals(status.network(0)));
        assertThat(Ui.sync(() -> status.network(1))).isEqualTo("10.77.5.2");
        assertThat(Ui.sync(() -> status.network(2))).isEqualTo("none");
        String mac = Taps.service().tap(ROUTED, false).orElseThrow().network().guestMac();
        assertThat(Ui.sync(status::networkLine)).isEqualTo("Network: host 10.77.5.1/30 (255.255.255.252), guest"
                + " 10.77.5.2, bridge none, guest MAC " + mac);
        Ui.screenshot("tap-status-network");

        select(BRIDGED);
        Ui.waitFor(WAIT, "Tap Status to show uinet1's bridge",
                () -> BRIDGED.equals(status.tapName()) && BRIDGE.equals(status.network(2)));
        assertThat(Ui.sync(() -> status.network(0))).isEqualTo("none");
        assertThat(Ui.sync(() -> status.network(1))).isEqualTo("none");
    }

    /** The shown rows' names, in table order. UI thread. */
    private List<String> names() {
        return view.shownRows().stream().map(TapRow::name).filter(n -> n.startsWith("uinet")).toList();
    }
}
