package org.taplease.cli;

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
        o.addProperty("state", t.attached() ? "held" : "free");
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
        return o;
    }

    static String taps(List<TapInfo> taps) {
        JsonArray a = new JsonArray();
        taps.forEach(t -> a.add(tap(t)));
        return GSON.toJson(a);
    }

    static String pools(List<PoolInfo> pools) {
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
            a.add(o);
        }
        return GSON.toJson(a);
    }

    private Json() {
    }
}
