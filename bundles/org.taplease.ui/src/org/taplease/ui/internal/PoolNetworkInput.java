package org.taplease.ui.internal;

import org.taplease.core.PoolNetwork;

/**
 * The network section of the pool dialog as typed: none, routed (a subnet carved into one /30 or /31 per member) or
 * bridged (an existing bridge), and an optional MTU. {@link #read} turns the fields into a {@link PoolNetwork} and
 * says only what the engine cannot see in one: an empty field the chosen kind needs, an MTU that is not a number.
 * Everything else (CIDR syntax, host bits, member block, room for the pool, MTU range, bridge name) is the engine's
 * own check, {@link org.taplease.core.PoolSpec#requireValid()}, which the dialog runs on the spec as the user types;
 * the engine checks the rest when it provisions (the bridge exists and is a bridge, the subnet overlaps nothing).
 */
public final class PoolNetworkInput {

    /** Which network the pool's members carry. */
    public enum Kind {
        /** Bare taps. */
        NONE,
        /** Each member its own small subnet carved from one subnet. */
        ROUTED,
        /** Every member a port of an existing bridge. */
        BRIDGED
    }

    /**
     * The fields read: the network, or what the user still has to type.
     *
     * @param network the network as typed (not yet checked by the engine), or null if {@code problem} is set
     * @param problem what to enter, or null
     */
    public record Result(PoolNetwork network, String problem) {

        static Result ok(PoolNetwork n) {
            return new Result(n, null);
        }

        static Result error(String problem) {
            return new Result(null, problem);
        }
    }

    /**
     * Reads the section's fields.
     *
     * @param kind which network
     * @param subnet the subnet field (routed)
     * @param memberPrefix 30 or 31 (routed)
     * @param bridge the bridge field (bridged)
     * @param mtu the MTU field, empty for the kernel's default
     */
    public static Result read(Kind kind, String subnet, int memberPrefix, String bridge, String mtu) {
        Integer m = null;
        String mtuText = mtu.trim();
        if (!mtuText.isEmpty()) {
            if (!mtuText.matches("\\d{1,9}")) { // a number the spec can carry; its range is the engine's check
                return Result.error("MTU '" + mtuText + "' is not a number: enter one, or leave the field empty for"
                        + " the kernel's default");
            }
            m = Integer.valueOf(mtuText);
        }
        return switch (kind) {
            case NONE -> Result.ok(PoolNetwork.NONE.withMtu(m));
            case BRIDGED -> bridge.isBlank()
                    ? Result.error("Enter the name of an existing bridge, e.g. br0 (taplease never creates one)")
                    : Result.ok(PoolNetwork.bridged(bridge.trim()).withMtu(m));
            case ROUTED -> subnet.isBlank()
                    ? Result.error("Enter the subnet to carve the taps' networks from, e.g. 10.77.0.0/24")
                    : Result.ok(PoolNetwork.routed(subnet.trim()).withMemberPrefix(memberPrefix).withMtu(m));
        };
    }

    /** How many members of {@code /memberPrefix} fit in {@code subnet}, a CIDR the engine accepted. */
    static long room(String subnet, int memberPrefix) {
        int prefix = Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1).trim());
        return 1L << (memberPrefix - prefix);
    }

    private PoolNetworkInput() {
    }
}
