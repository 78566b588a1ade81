package org.taplease.cli;

import java.util.Map;

import org.taplease.core.ApplyReport;
import org.taplease.core.Checkup;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapNetwork;

import java.util.List;

import org.taplease.core.Holder;
import org.taplease.core.PoolInfo;
import org.taplease.core.TapInfo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The JSON forms of the inventory and pools: stable keys, documented in README. */
final class Json {

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    static JsonObject tap(TapInfo t) {
        JsonObject o = new JsonObject();
        o.addProperty("name", t.name());
        o.addProperty("ifindex", t.ifindex());
        // "free" only for a tap a lease can take: a free multi-queue tap is "multi-queue", and leasable says why
        o.addProperty("state", t.attached() ? "held" : t.leasable() ? "free" : "multi-queue");
        o.addProperty("leasable", t.leasable());
        o.addProperty("looksLeaked", t.looksLeaked());
        JsonArray holders = new JsonArray();
        for (Holder h : t.holders()) {
            JsonObject ho = new JsonObject();
            ho.addProperty("pid", h.pid());
            ho.addProperty("uid", h.uid());
            ho.addProperty("command", h.command());
            holders.add(ho);
        }
        o.add("holders", holders);
        o.addProperty("holdersKnown", t.holdersScanned() && (!t.attached() || !t.holders().isEmpty()));
        o.addProperty("pool", t.pool());
        o.addProperty("owner", t.owner());
        o.addProperty("group", t.group());
        o.addProperty("mac", t.mac());
        o.addProperty("mtu", t.mtu());
        o.addProperty("adminUp", t.adminUp());
        o.addProperty("carrier", t.carrier());
        o.addProperty("operState", t.operState());
        o.addProperty("persistent", t.persistent());
        o.addProperty("multiQueue", t.multiQueue());
        o.addProperty("vnetHdr", t.vnetHdr());
        o.addProperty("alias", t.alias());
        JsonObject s = new JsonObject();
        s.addProperty("rxPackets", t.stats().rxPackets());
        s.addProperty("rxBytes", t.stats().rxBytes());
        s.addProperty("txPackets", t.stats().txPackets());
        s.addProperty("txBytes", t.stats().txBytes());
        o.add("stats", s);
        o.addProperty("carrierChanges", t.carrierChanges());
        o.add("network", network(t.network()));
        return o;
    }

    /** A tap's network: {@code hostAddress}, {@code guestAddress}, {@code prefix}, {@code netmask}, ... */
    static JsonObject network(TapNetwork n) {
        JsonObject o = new JsonObject();
        o.addProperty("hostAddress", n.hostAddress());
        o.addProperty("guestAddress", n.guestAddress());
        o.addProperty("prefix", n.hostAddress() == null ? null : n.prefix());
        o.addProperty("netmask", n.netmask());
        o.addProperty("bridge", n.bridge());
        o.addProperty("bridgePorts", n.bridge() == null ? null : n.bridgePorts());
        o.addProperty("guestMac", n.guestMac());
        o.addProperty("mtu", n.mtu());
        return o;
    }

    /** The doctor's checks: {@code healthy} and {@code checks} ({@code id}, {@code status}, {@code summary}, {@code fix}). */
    static String checkup(Checkup c) {
        JsonObject o = new JsonObject();
        o.addProperty("healthy", c.healthy());
        JsonArray a = new JsonArray();
        for (Checkup.Check k : c.checks()) {
            JsonObject ko = new JsonObject();
            ko.addProperty("id", k.id());
            ko.addProperty("status", k.status().name().toLowerCase(java.util.Locale.ROOT));
            ko.addProperty("summary", k.summary());
            ko.addProperty("fix", k.fix());
            a.add(ko);
        }
        o.add("checks", a);
        return GSON.toJson(o);
    }

    /** A pool's declared network: {@code subnet}, {@code memberPrefix}, {@code bridge}, {@code mtu}. */
    static JsonObject declared(PoolNetwork n) {
        JsonObject o = new JsonObject();
        o.addProperty("subnet", n.subnet());
        o.addProperty("memberPrefix", n.subnet() == null ? null : n.memberPrefix());
        o.addProperty("bridge", n.bridge());
        o.addProperty("mtu", n.mtu());
        return o;
    }

    static String applyReport(ApplyReport r) {
        JsonArray a = new JsonArray();
        for (ApplyReport.Pool p : r.pools()) {
            JsonObject o = new JsonObject();
            o.addProperty("pool", p.pool());
            o.add("created", strings(p.created()));
            o.add("changed", strings(p.changed()));
            o.add("removed", strings(p.removed()));
            JsonArray kept = new JsonArray();
            for (PoolRemoval.Kept k : p.kept()) {
                JsonObject ko = new JsonObject();
                ko.addProperty("name", k.name());
                ko.addProperty("holders", k.holders().stream().map(Holder::describe).collect(
                        java.util.stream.Collectors.joining(", ")));
                kept.add(ko);
            }
            o.add("kept", kept);
            o.add("notes", strings(p.notes()));
            o.addProperty("unchanged", p.unchanged());
            a.add(o);
        }
        JsonObject out = new JsonObject();
        out.add("pools", a);
        out.addProperty("unchanged", r.unchanged());
        return GSON.toJson(out);
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    static String taps(List<TapInfo> taps) {
        JsonArray a = new JsonArray();
        taps.forEach(t -> a.add(tap(t)));
        return GSON.toJson(a);
    }

    static String pools(List<PoolInfo> pools, Map<String, PoolSpec> declared) {
        JsonArray a = new JsonArray();
        for (PoolInfo p : pools) {
            JsonObject o = new JsonObject();
            o.addProperty("name", p.name());
            JsonArray m = new JsonArray();
            p.members().forEach(m::add);
            o.add("members", m);
            o.addProperty("free", p.free());
            o.addProperty("held", p.held());
            o.addProperty("owner", p.owner());
            o.addProperty("group", p.group());
            o.addProperty("bridge", p.bridge());
            o.addProperty("mtu", p.mtu());
            o.addProperty("routedMembers", p.routed());
            PoolSpec d = declared.get(p.name());
            o.add("declared", d == null ? null : declared(d.network()));
            a.add(o);
        }
        return GSON.toJson(a);
    }

    private Json() {
    }
}
