package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What to lease. Create with {@link #fromPool(String)} or {@link #named(String)}, refine with the {@code with...}
 * methods.
 *
 * @param pool the pool to lease from, or null for a named lease
 * @param name the exact tap to lease, or null for a pool lease
 * @param preferred for a pool lease: try this tap first (e.g. the one used last), then any free one
 * @param allowCreate for a pool lease: create a new persistent tap in the pool when none is free (CAP_NET_ADMIN)
 * @param template name template for created taps; {@code {pool}} is replaced by the pool, {@code %d} by the lowest
 *        unused number
 * @param vnetHdr attach with {@code IFF_VNET_HDR} (for emulators that use virtio-net headers on the fd)
 */
public record LeaseRequest(@Nullable String pool, @Nullable String name, @Nullable String preferred, boolean allowCreate,
        String template,
        boolean vnetHdr) {

    /** The pool used when none is named. */
    public static final String DEFAULT_POOL = "taplease";
    /** The template used when none is given. */
    public static final String DEFAULT_TEMPLATE = "{pool}%d";

    /** Any free tap of {@code pool}. */
    public static LeaseRequest fromPool(String pool) {
        return new LeaseRequest(pool, null, null, false, DEFAULT_TEMPLATE, false);
    }

    /** Exactly the tap {@code name}. */
    public static LeaseRequest named(String name) {
        return new LeaseRequest(null, name, null, false, DEFAULT_TEMPLATE, false);
    }

    public LeaseRequest withPreferred(@Nullable String tap) {
        return new LeaseRequest(pool, name, tap, allowCreate, template, vnetHdr);
    }

    public LeaseRequest withCreate(boolean allow) {
        return new LeaseRequest(pool, name, preferred, allow, template, vnetHdr);
    }

    public LeaseRequest withTemplate(String t) {
        return new LeaseRequest(pool, name, preferred, allowCreate, t, vnetHdr);
    }

    public LeaseRequest withVnetHdr(boolean on) {
        return new LeaseRequest(pool, name, preferred, allowCreate, template, on);
    }

    /** Whether this asks for one exact tap. */
    public boolean isNamed() {
        return name != null;
    }

    @Override
    public String toString() {
        return isNamed() ? "tap " + name : "a free tap of pool " + pool + (preferred != null ? " (preferring " + preferred + ")" : "");
    }
}
