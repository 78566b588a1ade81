package org.taplease.core.internal.engine;

import java.util.List;

import org.taplease.core.LinkStats;
import org.taplease.core.TapInfo;

/**
 * One network interface as a kernel lists it: what the engine decides on, and the state it shows.
 *
 * @param kind what the interface is, as far as leasing is concerned
 * @param kindName for {@link Kind#OTHER}: what it is, with its article ({@code a veth device}, ...)
 * @param info the interface's state with {@code pool} null and no holders (the engine fills those in); for a non-tap
 *        only name, ifindex and mtu are meaningful
 * @param master the ifindex of the bridge this interface is a port of, or 0
 * @param driver what the kernel calls the kind of interface ({@code tun}, {@code bridge}, {@code veth}, ...), or null
 */
public record KernelLink(Kind kind, String kindName, TapInfo info, int master, String driver) {

    public KernelLink(Kind kind, String kindName, TapInfo info) {
        this(kind, kindName, info, 0, null);
    }

    /** What an interface is, as far as leasing is concerned. */
    public enum Kind {
        /** A single-queue tap: leasable. */
        TAP,
        /** A multi-queue tap: accepts several attachers, never leased exclusively. */
        MULTI_QUEUE_TAP,
        /** A tun (layer 3) device. */
        TUN,
        /** Anything else. */
        OTHER
    }

    /** A non-tap interface of which only the name, index and kind matter. */
    public static KernelLink other(Kind kind, String kindName, String name, int index) {
        return other(kind, kindName, name, index, 0, 0, null);
    }

    /** A non-tap interface with its MTU, bridge ({@code master}) and driver ({@code bridge}, ...). */
    public static KernelLink other(Kind kind, String kindName, String name, int index, int mtu, int master,
            String driver) {
        return new KernelLink(kind, kindName, new TapInfo(name, index, "", mtu, false, false, "unknown", false,
                kind == Kind.MULTI_QUEUE_TAP, false, null, null, null, null, false, -1, LinkStats.ZERO, 0, List.of(),
                false), master, driver);
    }

    /** Whether this is a bridge (Linux {@code bridge}, FreeBSD {@code if_bridge}). */
    public boolean isBridge() {
        return "bridge".equals(driver);
    }

    public int mtu() {
        return info.mtu();
    }

    /** The MAC address, {@code aa:bb:cc:dd:ee:ff}, or empty. */
    public String mac() {
        return info.mac();
    }

    public String name() {
        return info.name();
    }

    public int index() {
        return info.ifindex();
    }

    /** The label taplease keeps on the interface (Linux ifalias, FreeBSD description), or null. */
    public String label() {
        return info.alias();
    }

    public Integer owner() {
        return info.owner();
    }

    public Integer group() {
        return info.group();
    }

    /** Whether the kernel reports a descriptor attached (a hint: only a trial attach decides). */
    public boolean attached() {
        return info.attached();
    }

    public boolean isTap() {
        return kind == Kind.TAP;
    }
}
