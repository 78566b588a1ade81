package org.taplease.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;
import org.taplease.core.Holder;
import org.taplease.core.LinkStats;
import org.taplease.core.TapInfo;
import org.taplease.core.TapNetwork;

/** Every field of a tap for the Properties view, in categories; read-only. */
final class TapPropertySource implements IPropertySource {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<IPropertyDescriptor> descriptors = new ArrayList<>();

    TapPropertySource(TapRow row) {
        TapInfo i = row.info();
        put("Interface", "Name", i.name());
        put("Interface", "Index", i.ifindex());
        put("Interface", "MAC address", i.mac());
        put("Interface", "MTU", i.mtu());
        put("Interface", "Alias", i.alias() == null ? "" : i.alias());
        put("Link", "Administratively up", i.adminUp());
        put("Link", "Carrier", i.carrier());
        put("Link", "Operational state", i.operState());
        put("Link", "Carrier changes", i.carrierChanges());
        put("Tap", "State", row.stateText());
        put("Tap", "Pool", row.poolText());
        put("Tap", "Persistent", i.persistent());
        put("Tap", "Multi-queue", i.multiQueue());
        put("Tap", "Leasable", i.leasable());
        put("Tap", "vnet header", i.vnetHdr());
        put("Tap", "Attached", i.attached());
        if (i.attachedQueues() >= 0) {
            put("Tap", "Attached queues", i.attachedQueues());
        }
        put("Tap", "Owner", i.owner() == null ? "-" : row.userName() + " (uid " + i.owner() + ")");
        put("Tap", "Group", i.group() == null ? "-" : row.groupName() + " (gid " + i.group() + ")");
        TapNetwork net = i.network();
        put("Network", "Host address", net.hostAddress() == null ? "-" : net.hostAddress());
        put("Network", "Guest address", net.guestAddress() == null ? "-" : net.guestAddress());
        put("Network", "Prefix length", net.hostAddress() == null ? "-" : "/" + net.prefix());
        put("Network", "Netmask", net.netmask() == null ? "-" : net.netmask());
        put("Network", "Bridge", net.bridge() == null ? "-" : net.bridge());
        put("Network", "Guest MAC", net.guestMac() == null ? "-" : net.guestMac());
        List<Holder> holders = i.holders();
        for (int n = 0; n < holders.size(); n++) {
            Holder h = holders.get(n);
            put("Holders", "Holder " + (n + 1), h.command() + " (pid " + h.pid() + ", uid " + h.uid() + ")");
        }
        if (holders.isEmpty()) {
            put("Holders", "Holder", i.attached() ? (i.holdersScanned() ? "unknown (not visible to you)" : "-") : "none");
        }
        LinkStats s = i.stats();
        put("Counters", "RX packets", s.rxPackets());
        put("Counters", "RX bytes", s.rxBytes());
        put("Counters", "TX packets", s.txPackets());
        put("Counters", "TX bytes", s.txBytes());
        Rates r = row.rates();
        put("Counters", "RX rate", Rates.format(r.rxBytes(), r.rxPackets()));
        put("Counters", "TX rate", Rates.format(r.txBytes(), r.txPackets()));
    }

    private void put(String category, String label, Object value) {
        String id = category + "." + label;
        values.put(id, value);
        PropertyDescriptor d = new PropertyDescriptor(id, label);
        d.setCategory(category);
        descriptors.add(d);
    }

    @Override
    public Object getEditableValue() {
        return this;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        return descriptors.toArray(IPropertyDescriptor[]::new);
    }

    @Override
    public Object getPropertyValue(Object id) {
        Object v = values.get(id);
        return v == null ? "" : String.valueOf(v);
    }

    @Override
    public boolean isPropertySet(Object id) {
        return false;
    }

    @Override
    public void resetPropertyValue(Object id) {
    }

    @Override
    public void setPropertyValue(Object id, Object value) {
    }
}
