package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

import java.util.List;
import java.util.function.Supplier;

/**
 * One change of one tap, as the kernel announced it (Linux: an {@code RTNLGRP_LINK} notification; FreeBSD: a routing
 * socket {@code RTM_IFINFO}/{@code RTM_IFANNOUNCE}), or as a resynchronisation found it after the kernel dropped
 * notifications ({@link #resync()}).
 * <p>
 * {@link #holders()} looks up the processes holding this tap alone, once, on first call, and only if the tap is
 * attached: a consumer that does not ask pays nothing.
 * <p>
 * When one notification covers several attaches and detaches (Linux announces a tap's carrier going on at most once a
 * second, coalesced), each is delivered in order, replayed from the kernel's carrier change counter, with the
 * intermediate state as {@link #tap()}; the holder of such an attach has often gone by the time it is looked up.
 */
public final class TapEvent {

    /** What happened to the tap. */
    public enum Kind {
        /** A tap appeared. */
        ADDED,
        /** A tap disappeared (or stopped being a tap); {@link TapEvent#tap()} is its last known state. */
        REMOVED,
        /** A descriptor attached: the tap went from free to held. */
        ATTACHED,
        /** The last descriptor detached: the tap went from held to free. */
        DETACHED,
        /** Something else changed: up/down, name, MTU, MAC, label, owner, bridge, addresses. */
        CHANGED
    }

    private final Kind kind;
    private final TapInfo tap;
    private final @Nullable TapInfo before;
    private final boolean resync;
    private final Supplier<List<Holder>> holderLookup;
    private @Nullable List<Holder> holders;

    /**
     * @param kind what happened
     * @param tap the tap's state after the change (for {@link Kind#REMOVED}, its last known state)
     * @param before its state before the change, if known ({@code null} for {@link Kind#ADDED})
     * @param resync whether a resynchronisation (one dump after lost notifications) found this change
     * @param holderLookup looks up this tap's holders; called at most once, and only if the tap is attached
     */
    public TapEvent(Kind kind, TapInfo tap, @Nullable TapInfo before, boolean resync,
            Supplier<List<Holder>> holderLookup) {
        this.kind = kind;
        this.tap = tap;
        this.before = before;
        this.resync = resync;
        this.holderLookup = holderLookup;
    }

    public Kind kind() {
        return kind;
    }

    /** The tap after the change (for {@link Kind#REMOVED}: before it went). Holders not looked up. */
    public TapInfo tap() {
        return tap;
    }

    /** The tap before the change, or null for a tap that was just added. */
    public @Nullable TapInfo before() {
        return before;
    }

    /** Whether a resynchronisation found this change (the kernel dropped notifications; steps between are lost). */
    public boolean resync() {
        return resync;
    }

    /**
     * The processes holding this tap now that this user may see, looked up for this tap alone on first call (a
     {@code /proc} scan on Linux). Empty if the tap is free, removed, or its holder cannot be seen.
     */
    public synchronized List<Holder> holders() {
        List<Holder> h = holders;
        if (h == null) {
            h = kind == Kind.REMOVED || !tap.attached() ? List.of() : List.copyOf(holderLookup.get());
            holders = h;
        }
        return h;
    }

    /** {@link #tap()} with its holders looked up (see {@link #holders()}). */
    public TapInfo tapWithHolders() {
        return tap.withHolders(holders());
    }

    @Override
    public String toString() {
        return kind + " " + tap.name() + (resync ? " (resync)" : "");
    }
}
