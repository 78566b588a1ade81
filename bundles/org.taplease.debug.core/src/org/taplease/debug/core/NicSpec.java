package org.taplease.debug.core;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.eclipse.jdt.annotation.Nullable;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapNames;

/**
 * One NIC of a launch: where its tap comes from (any free tap of a pool, or one named tap), the emulated NIC model,
 * how its MAC is chosen and whether the tap is attached with a virtio-net header. Stored in a configuration as one
 * string ({@link #encode()}), so new fields stay readable by older code.
 *
 * @param pool pool to lease from, or null when {@code tap} is set
 * @param tap the exact tap, or null for a pool lease
 * @param allowCreate for a pool: create a tap if none is free
 * @param model NIC model, e.g. {@code virtio-net-pci}, {@code e1000}, {@code virtio-net-device}
 * @param mac an explicit MAC, or null for a stable MAC derived from the configuration name and NIC index (and, for
 *        a launch beside a running launch of the same configuration, the number of that concurrent run)
 * @param vnetHdr attach with {@code IFF_VNET_HDR} (QEMU's {@code vnet_hdr=on})
 */
public record NicSpec(@Nullable String pool, @Nullable String tap, boolean allowCreate, String model,
        @Nullable String mac, boolean vnetHdr) {

    public static final String DEFAULT_MODEL = "virtio-net-pci";
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    /** A NIC on any free tap of {@code pool} with a stable MAC. */
    public static NicSpec ofPool(String pool) {
        return new NicSpec(pool, null, false, DEFAULT_MODEL, null, false);
    }

    /** A NIC on exactly {@code tap}. */
    public static NicSpec ofTap(String tap) {
        return new NicSpec(null, tap, false, DEFAULT_MODEL, null, false);
    }

    /** From a lease request (e.g. the free-tap picker's result). */
    public static NicSpec of(LeaseRequest r) {
        return r.isNamed() ? new NicSpec(null, r.name(), false, DEFAULT_MODEL, null, r.vnetHdr())
                : new NicSpec(r.pool(), null, r.allowCreate(), DEFAULT_MODEL, null, r.vnetHdr());
    }

    /** The lease request of this NIC, preferring {@code lastTap} (the tap it had in the previous launch). */
    public LeaseRequest request(@Nullable String lastTap, @Nullable String template) {
        String t = tap;
        if (t != null) {
            return LeaseRequest.named(t).withVnetHdr(vnetHdr);
        }
        String p = pool;
        if (p == null) {
            throw new TapException(Reason.INVALID_REQUEST, null, "no pool and no tap", "choose a pool or a tap");
        }
        LeaseRequest r = LeaseRequest.fromPool(p).withCreate(allowCreate).withVnetHdr(vnetHdr);
        if (template != null) {
            r = r.withTemplate(template);
        }
        return lastTap == null || lastTap.isEmpty() ? r : r.withPreferred(lastTap);
    }

    /** Null if valid, else what is wrong (for the Network tab and the delegate). */
    public @Nullable String problem() {
        try {
            if (tap != null) {
                TapNames.requireValidInterface(tap);
            } else if (pool != null) {
                TapNames.requireValidPool(pool);
            } else {
                return "choose a pool or a tap";
            }
        } catch (TapException e) {
            return e.getMessage();
        }
        if (model == null || !model.matches("[A-Za-z0-9_.,=-]+")) {
            return "invalid NIC model '" + model + "'";
        }
        if (mac != null && !MAC.matcher(mac).matches()) {
            return "invalid MAC address '" + mac + "': use six hex pairs, e.g. 52:54:00:12:34:56";
        }
        if (mac != null && (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            return "MAC address " + mac + " is a multicast address: the first byte must be even";
        }
        return null;
    }

    /** The MAC this NIC gets in configuration {@code configName}: the explicit one, or a stable one. */
    public String macFor(String configName, int index) {
        return macFor(configName, index, 0);
    }

    /**
     * The MAC this NIC gets in run {@code run} of configuration {@code configName} (0 for the first of its launches
     * running at once, 1 for a second one running beside it, ...): the explicit one, or {@link #stableMac(String, int,
     * int)}.
     */
    public String macFor(String configName, int index, int run) {
        return mac != null ? mac.toLowerCase(Locale.ROOT) : stableMac(configName, index, run);
    }

    /** 52:54:00 (QEMU's prefix) + 3 bytes of a hash of configuration name and NIC index: stable across launches. */
    public static String stableMac(String configName, int index) {
        return stableMac(configName, index, 0);
    }

    /**
     * The MAC of NIC {@code index} in run {@code run} of configuration {@code configName}: run 0 (a launch while no
     * other launch of the configuration runs) gets {@link #stableMac(String, int)}; each further concurrent run gets a
     * MAC of its own, derived from name, NIC and run (stable too: the second concurrent run always gets the same one),
     * and never equal to run 0's, so two guests of one configuration on one bridge do not clash.
     */
    public static String stableMac(String configName, int index, int run) {
        int h = fnv1a(configName + "#" + index + (run == 0 ? "" : "@" + run)) & 0xffffff;
        if (run != 0 && h == (fnv1a(configName + "#" + index) & 0xffffff)) {
            h ^= 1; // a hash collision with the first run's MAC
        }
        return String.format(Locale.ROOT, "52:54:00:%02x:%02x:%02x", (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff);
    }

    private static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    /** "pool=vms;create=false;model=virtio-net-pci;mac=;vnetHdr=false". */
    public String encode() {
        Map<String, String> m = new LinkedHashMap<>();
        if (tap != null) {
            m.put("tap", tap);
        } else {
            m.put("pool", pool == null ? "" : pool);
            m.put("create", Boolean.toString(allowCreate));
        }
        m.put("model", model == null ? DEFAULT_MODEL : model);
        m.put("mac", mac == null ? "" : mac);
        m.put("vnetHdr", Boolean.toString(vnetHdr));
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(s.isEmpty() ? "" : ";").append(k).append('=').append(v));
        return s.toString();
    }

    /** Parses {@link #encode()}'s form; unknown keys are ignored. */
    public static NicSpec decode(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        String tap = blankToNull(m.get("tap"));
        String mac = blankToNull(m.get("mac"));
        String model = blankToNull(m.get("model"));
        return new NicSpec(tap == null ? blankToNull(m.get("pool")) : null, tap,
                Boolean.parseBoolean(m.get("create")), model == null ? DEFAULT_MODEL : model, mac,
                Boolean.parseBoolean(m.get("vnetHdr")));
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** "any free tap of pool vms" / "tap vm3". */
    public String describeSource() {
        return tap != null ? "tap " + tap : "any free tap of pool " + pool + (allowCreate ? " (create if none)" : "");
    }
}
