package org.taplease.core.internal.engine;

import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;

/**
 * IPv4 addresses as host-order ints and CIDR blocks: parsing with the user's words for what is wrong, formatting,
 * and the arithmetic of a routed pool (member {@code i}'s block, its host and guest ends). Pure Java.
 */
public final class Ipv4 {

    /** An address block {@code address/prefix}; {@code address} has no host bits set. */
    public record Cidr(int address, int prefix) {

        /** Number of addresses. */
        public long size() {
            return 1L << (32 - prefix);
        }

        public long first() {
            return address & 0xffffffffL;
        }

        public long last() {
            return first() + size() - 1;
        }

        public boolean overlaps(Cidr o) {
            return first() <= o.last() && o.first() <= last();
        }

        /** How many blocks of {@code blockPrefix} it holds. */
        public long blocks(int blockPrefix) {
            return blockPrefix < prefix ? 0 : 1L << (blockPrefix - prefix);
        }

        @Override
        public String toString() {
            return format(address) + "/" + prefix;
        }
    }

    /** The block of {@code address}/{@code prefix} (host bits cleared). */
    public static Cidr block(int address, int prefix) {
        return new Cidr(address & mask(prefix), prefix);
    }

    public static int mask(int prefix) {
        return prefix == 0 ? 0 : (int) (0xffffffffL << (32 - prefix));
    }

    /**
     * Parses {@code a.b.c.d/n}. A block with host bits set is refused with the block it probably means.
     *
     * @param what what the value is, for messages ({@code subnet})
     */
    public static Cidr parseCidr(String text, String what) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw invalid(what, s, "give the prefix length too, e.g. 10.77.0.0/24");
        }
        int address;
        try {
            address = parseAddress(s.substring(0, slash), what);
        } catch (TapException e) {
            throw invalid(what, s, e.fix()); // named as given, prefix and all
        }
        String p = s.substring(slash + 1);
        if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 32) {
            throw invalid(what, s, "the prefix length after '/' must be a number from 0 to 32");
        }
        int prefix = Integer.parseInt(p);
        Cidr c = block(address, prefix);
        if (c.address() != address) {
            throw invalid(what, s, "it has host bits set; did you mean " + c + "?");
        }
        return c;
    }

    /** Parses a dotted quad. */
    public static int parseAddress(String text, String what) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(what, text, "an IPv4 address has four numbers separated by dots, e.g. 10.77.0.0/24");
        }
        int a = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                throw invalid(what, text, "each of the four numbers must be 0 to 255");
            }
            a = a << 8 | Integer.parseInt(part);
        }
        return a;
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }

    /** The host end of member {@code member}'s block: the first usable address (a /31 has no network address). */
    public static int hostOf(Cidr subnet, int memberPrefix, int member) {
        int base = subnet.address() + member * (1 << (32 - memberPrefix));
        return memberPrefix == 31 ? base : base + 1;
    }

    /**
     * The guest end beside host address {@code host}/{@code prefix}: the other usable address of its /30 or /31, or
     * null for any other prefix (no single other end).
     */
    public static Integer guestOf(int host, int prefix) {
        if (prefix == 31) {
            return host ^ 1;
        }
        if (prefix == 30) {
            int base = host & ~3;
            int offset = host - base;
            if (offset == 1) {
                return base + 2;
            }
            if (offset == 2) {
                return base + 1;
            }
        }
        return null;
    }

    private static TapException invalid(String what, String value, String fix) {
        return new TapException(Reason.INVALID_REQUEST, null, "invalid " + what + " '" + value + "'", fix);
    }

    private Ipv4() {
    }
}
