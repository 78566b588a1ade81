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
 *        only name and ifindex are meaningful
 */
public record KernelLink(Kind kind, String kindName, TapInfo info) {

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
        return new KernelLink(kind, kindName, new TapInfo(name, index, "", 0, false, false, "unknown", false,
                kind == Kind.MULTI_QUEUE_TAP, false, null, null, null, null, false, -1, LinkStats.ZERO, 0, List.of(), false));
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
