package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

import java.util.List;

/**
 * One tap interface as the kernel reports it.
 *
 * @param name interface name
 * @param ifindex interface index
 * @param mac MAC address, {@code aa:bb:cc:dd:ee:ff}
 * @param mtu MTU in bytes
 * @param adminUp whether the interface is administratively up ({@code IFF_UP})
 * @param carrier whether the link has carrier (for a tap: attached and up)
 * @param operState what the link does now, from IFF_UP and the carrier (which follows attachment), the same on every
 *        kernel: {@code up} (up and attached: traffic flows), {@code no-carrier} (up, nobody attached: ready for a
 *        holder; also a free tap that is down on FreeBSD, whose attach brings it up) or {@code down} (administratively
 *        down: nothing flows even when attached; bring it up). Not the kernel's RFC 2863 operstate, which Linux
 *        updates later and from history (two identical free taps could read {@code down} and {@code unknown})
 * @param persistent whether the tap survives the last close ({@code IFF_PERSIST})
 * @param multiQueue whether the tap is multi-queue (never leased exclusively)
 * @param vnetHdr whether the tap was last attached with {@code IFF_VNET_HDR}
 * @param owner the owning uid, or null if unset
 * @param group the owning gid, or null if unset
 * @param pool the taplease pool this tap belongs to, or null if it is not taplease's
 * @param alias the interface alias ({@code ifalias}), or null
 * @param attached whether any descriptor is attached, as the kernel reports it (a hint: only a trial attach decides)
 * @param attachedQueues number of attached queues if the kernel reports it (multi-queue taps), else -1
 * @param stats packet and byte counters
 * @param carrierChanges number of carrier changes since the interface was created
 * @param holders processes holding the tap, if holders were looked up and are visible
 * @param holdersScanned whether holders were looked up; if true and {@code attached} with no holders, the holder is
 *        a process this user may not inspect ("unknown holder")
 * @param network the tap's addresses and bridge ({@link TapNetwork#NONE} where not looked up)
 */
public record TapInfo(String name, int ifindex, String mac, int mtu, boolean adminUp, boolean carrier,
        String operState, boolean persistent, boolean multiQueue, boolean vnetHdr, @Nullable Integer owner,
        @Nullable Integer group, @Nullable String pool, @Nullable String alias, boolean attached, int attachedQueues, LinkStats stats, long carrierChanges,
        List<Holder> holders, boolean holdersScanned, TapNetwork network) {

    public TapInfo {
        holders = List.copyOf(holders);
    }

    /** A tap whose network was not looked up. */
    public TapInfo(String name, int ifindex, String mac, int mtu, boolean adminUp, boolean carrier, String operState,
            boolean persistent, boolean multiQueue, boolean vnetHdr, @Nullable Integer owner, @Nullable Integer group,
            @Nullable String pool, @Nullable String alias, boolean attached, int attachedQueues, LinkStats stats,
            long carrierChanges, List<Holder> holders, boolean holdersScanned) {
        this(name, ifindex, mac, mtu, adminUp, carrier, operState, persistent, multiQueue, vnetHdr, owner, group, pool,
                alias, attached, attachedQueues, stats, carrierChanges, holders, holdersScanned, TapNetwork.NONE);
    }

    /** Whether the kernel reports no attached descriptor. */
    public boolean free() {
        return !attached;
    }

    /**
     * Whether the tap looks leaked: persistent, without taplease's pool label, and nobody has it attached. Something
     * made it and left it; taplease never deletes it (see {@link Checkup#leakedTapFix}).
     *
     * @since 1.2
     */
    public boolean looksLeaked() {
        return persistent && pool == null && !attached;
    }

    /**
     * Whether taplease can lease this tap at all: a single-queue tap. A multi-queue tap accepts more attachers while
     * in use, so it is never leased exclusively (a lease of it fails with {@code MULTI_QUEUE}), held or not.
     *
     * @since 1.2
     */
    public boolean leasable() {
        return !multiQueue;
    }

    /** A copy with the given holders. */
    public TapInfo withHolders(List<Holder> h) {
        return new TapInfo(name, ifindex, mac, mtu, adminUp, carrier, operState, persistent, multiQueue, vnetHdr,
                owner, group, pool, alias, attached, attachedQueues, stats, carrierChanges, h, true, network);
    }

    /** A copy with the given network. */
    public TapInfo withNetwork(TapNetwork n) {
        return new TapInfo(name, ifindex, mac, mtu, adminUp, carrier, operState, persistent, multiQueue, vnetHdr,
                owner, group, pool, alias, attached, attachedQueues, stats, carrierChanges, holders, holdersScanned, n);
    }

    /**
     * "free", "multi-queue (not leasable)" (a free multi-queue tap), "held by CMD (pid N)[, ...]", or "held by unknown
     * holder".
     */
    public String describeState() {
        if (!attached) {
            return multiQueue ? "multi-queue (not leasable)" : "free";
        }
        if (holders.isEmpty()) {
            return holdersScanned ? "held by unknown holder" : "held";
        }
        StringBuilder b = new StringBuilder("held by ");
        for (int i = 0; i < holders.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(holders.get(i).describe());
        }
        return b.toString();
    }
}
