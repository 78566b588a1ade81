package org.taplease.core.internal.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MAC addresses of pool members: the tap's own (host end) derived from the pool name and member number, so a member
 * re-created after a reboot has the same one; and the guest's, derived from the tap's. Both locally administered
 * unicast.
 */
public final class Macs {

    /** The tap MAC of member {@code member} of {@code pool}: {@code 02:} and five bytes of a SHA-256 of both. */
    public static byte[] member(String pool, int member) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256").digest(("taplease " + pool + " " + member)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return new byte[] { 0x02, h[0], h[1], h[2], h[3], h[4] };
    }

    /**
     * The guest's MAC beside a tap whose MAC is {@code tapMac}: bit 0x04 of the first octet flipped. Stable with the
     * tap's MAC, distinct from it (a bridge drops frames whose source is one of its ports' own addresses), still
     * locally administered unicast when the tap's is. Null if {@code tapMac} is not a MAC.
     */
    public static String guestOf(String tapMac) {
        if (tapMac == null || tapMac.length() != 17) {
            return null;
        }
        // only the first octet changes: checked as parse() does, the rest copied (inventories do this per tap)
        for (int i = 0; i < 17; i++) {
            char c = tapMac.charAt(i);
            if (i % 3 == 2 ? c != ':' : Character.digit(c, 16) < 0) {
                return null;
            }
        }
        int first = Character.digit(tapMac.charAt(0), 16) << 4 | Character.digit(tapMac.charAt(1), 16);
        first = (first ^ 0x04) & 0xfe | 0x02;
        char[] out = tapMac.toCharArray();
        out[0] = Character.forDigit(first >> 4 & 0xf, 16);
        out[1] = Character.forDigit(first & 0xf, 16);
        for (int i = 2; i < 17; i++) {
            out[i] = Character.toLowerCase(out[i]);
        }
        return new String(out);
    }

    public static String format(byte[] mac) {
        StringBuilder b = new StringBuilder(17);
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            b.append(Character.forDigit(mac[i] >> 4 & 0xf, 16)).append(Character.forDigit(mac[i] & 0xf, 16));
        }
        return b.toString();
    }

    /** {@code aa:bb:cc:dd:ee:ff} as 6 bytes, or null. */
    public static byte[] parse(String mac) {
        if (mac == null || mac.length() != 17) {
            return null;
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            int hi = Character.digit(mac.charAt(i * 3), 16);
            int lo = Character.digit(mac.charAt(i * 3 + 1), 16);
            if (hi < 0 || lo < 0 || i < 5 && mac.charAt(i * 3 + 2) != ':') {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private Macs() {
    }
}
