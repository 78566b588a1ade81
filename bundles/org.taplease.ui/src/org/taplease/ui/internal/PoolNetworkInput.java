package org.taplease.ui.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.taplease.core.PoolNetwork;
import org.taplease.core.TapException;
import org.taplease.core.TapNames;

/**
 * The network section of the pool dialog as typed: none, routed (a subnet carved into one /30 or /31 per member) or
 * bridged (an existing bridge), and an optional MTU. {@link #check} says what is wrong in words the dialog shows as
 * the user types, or gives the {@link PoolNetwork} for the pool's spec. Only what can be known without asking the
 * kernel is checked here (syntax, ranges, the subnet's room for the pool); the engine checks the rest when it
 * provisions (the bridge exists and is a bridge, the subnet overlaps nothing).
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

    /** The smallest and largest MTU the dialog accepts (IPv4's minimum, the largest a tap takes). */
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65535;
    /** The longest subnet prefix a pool may have: one /30 or two /31 members. */
    public static final int MAX_SUBNET_PREFIX = 30;

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /**
     * The outcome of a check: the network, or what is wrong.
     *
     * @param network the network to provision with, or null if {@code problem} is set
     * @param problem what is wrong and how to fix it, or null
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
     * Checks the section's fields for a pool of {@code count} members.
     *
     * @param kind which network
     * @param subnet the subnet field (routed)
     * @param memberPrefix 30 or 31 (routed)
     * @param bridge the bridge field (bridged)
     * @param mtu the MTU field, empty for the kernel's default
     * @param count the pool's size
     */
    public static Result check(Kind kind, String subnet, int memberPrefix, String bridge, String mtu, int count) {
        Integer m = null;
        String mtuText = mtu.trim();
        if (!mtuText.isEmpty()) {
            try {
                m = Integer.valueOf(mtuText);
            } catch (NumberFormatException e) {
                return Result.error("MTU '" + mtuText + "' is not a number: enter " + MIN_MTU + " to " + MAX_MTU
                        + ", or leave it empty for the kernel's default");
            }
            if (m < MIN_MTU || m > MAX_MTU) {
                return Result.error("MTU " + m + " is out of range: use " + MIN_MTU + " to " + MAX_MTU
                        + ", or leave it empty for the kernel's default");
            }
        }
        return switch (kind) {
            case NONE -> Result.ok(PoolNetwork.NONE.withMtu(m));
            case BRIDGED -> {
                String b = bridge.trim();
                if (b.isEmpty()) {
                    yield Result.error("Enter the name of an existing bridge, e.g. br0 (taplease never creates one)");
                }
                try {
                    TapNames.requireValidInterface(b);
                } catch (TapException e) {
                    yield Result.error("Bridge " + TapErrorDialog.headline(e) + ": " + e.fix());
                }
                yield Result.ok(PoolNetwork.bridged(b).withMtu(m));
            }
            case ROUTED -> {
                String problem = subnetProblem(subnet.trim(), memberPrefix, count);
                yield problem != null ? Result.error(problem)
                        : Result.ok(PoolNetwork.routed(subnet.trim()).withMemberPrefix(memberPrefix).withMtu(m));
            }
        };
    }

    /** What is wrong with a routed pool's subnet for {@code count} members of {@code /memberPrefix}, or null. */
    static String subnetProblem(String subnet, int memberPrefix, int count) {
        if (subnet.isEmpty()) {
            return "Enter the subnet to carve the taps' networks from, e.g. 10.77.0.0/24";
        }
        Matcher x = CIDR.matcher(subnet);
        if (!x.matches()) {
            return "Subnet '" + subnet + "' is not an IPv4 subnet in CIDR notation: write a.b.c.d/n, e.g. 10.77.0.0/24";
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(x.group(i));
            if (octet > 255) {
                return "Subnet " + subnet + ": " + octet + " is not an address byte (0 to 255)";
            }
            address = address << 8 | octet;
        }
        int prefix = Integer.parseInt(x.group(5));
        if (prefix > MAX_SUBNET_PREFIX) {
            return "Subnet " + subnet + ": prefix /" + prefix + " is too long: use /0 to /" + MAX_SUBNET_PREFIX
                    + " (each tap takes a /" + memberPrefix + ")";
        }
        long network = address & mask(prefix);
        if (network != address) {
            return "Subnet " + subnet + " has host bits set: did you mean " + dotted(network) + "/" + prefix + "?";
        }
        long room = 1L << (memberPrefix - prefix);
        if (room < count) {
            int needed = memberPrefix - (64 - Long.numberOfLeadingZeros(count - 1L));
            String suggestion = needed < 0 ? ""
                    : ": use a /" + needed + " or larger, e.g. " + dotted(address & mask(needed)) + "/" + needed;
            return "Subnet " + subnet + " has room for " + room + " tap" + (room == 1 ? "" : "s") + " of /"
                    + memberPrefix + " but the pool has " + count + suggestion;
        }
        return null;
    }

    /** How many members of {@code /memberPrefix} fit in a valid {@code subnet}. */
    static long room(String subnet, int memberPrefix) {
        int prefix = Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
        return 1L << (memberPrefix - prefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    private static String dotted(long a) {
        return (a >>> 24 & 0xff) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    private PoolNetworkInput() {
    }
}
