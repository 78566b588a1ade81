package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The network a pool's members carry, as declared: routed (each member its own small subnet carved from
 * {@link #subnet()}), bridged (every member a port of {@link #bridge()}), or none; and an MTU.
 *
 * @param subnet an IPv4 CIDR (e.g. {@code 10.77.0.0/24}) from which member {@code i} gets block {@code i} of size
 *        {@code /memberPrefix}, or null for no routed network
 * @param memberPrefix the size of each member's block: 30 (host and guest plus network and broadcast addresses) or
 *        31 (RFC 3021 point-to-point: both addresses usable; Linux supports it on both ends)
 * @param bridge an existing bridge that every member joins, or null; taplease never creates, changes or deletes
 *        bridges
 * @param mtu the members' MTU, or null to leave the kernel's default
 */
public record PoolNetwork(@Nullable String subnet, int memberPrefix, @Nullable String bridge, @Nullable Integer mtu) {

    /** The default member block: a /30. */
    public static final int DEFAULT_MEMBER_PREFIX = 30;

    /** No network: bare taps, the kernel's MTU. */
    public static final PoolNetwork NONE = new PoolNetwork(null, DEFAULT_MEMBER_PREFIX, null, null);

    /** A routed network carved from {@code cidr} in /30 blocks. */
    public static PoolNetwork routed(String cidr) {
        return new PoolNetwork(cidr, DEFAULT_MEMBER_PREFIX, null, null);
    }

    /** Every member a port of {@code bridge}. */
    public static PoolNetwork bridged(String bridge) {
        return new PoolNetwork(null, DEFAULT_MEMBER_PREFIX, bridge, null);
    }

    /** The same network with the given MTU (null: the kernel's default). */
    public PoolNetwork withMtu(@Nullable Integer m) {
        return new PoolNetwork(subnet, memberPrefix, bridge, m);
    }

    /** The same network with member blocks of {@code prefix} (30 or 31). */
    public PoolNetwork withMemberPrefix(int prefix) {
        return new PoolNetwork(subnet, prefix, bridge, mtu);
    }

    public boolean routed() {
        return subnet != null;
    }

    public boolean bridged() {
        return bridge != null;
    }

    /** Whether this declares nothing: no subnet, no bridge, no MTU. */
    public boolean isNone() {
        return subnet == null && bridge == null && mtu == null;
    }
}
