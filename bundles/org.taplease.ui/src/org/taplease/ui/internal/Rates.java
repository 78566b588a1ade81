package org.taplease.ui.internal;

import java.util.Locale;

import org.taplease.core.LinkStats;

/**
 * Per-second rates between two counter samples. Host view, as the kernel counts on the tap: rx is what the guest sent,
 * tx what the host sent to the guest.
 */
public record Rates(double rxBytes, double txBytes, double rxPackets, double txPackets) {

    public static final Rates NONE = new Rates(0, 0, 0, 0);

    /** Rates from {@code before} to {@code after} over {@code nanos}; counters that went back (tap replaced) give 0. */
    public static Rates between(LinkStats before, LinkStats after, long nanos) {
        if (before == null || nanos <= 0) {
            return NONE;
        }
        double s = nanos / 1e9;
        return new Rates(per(before.rxBytes(), after.rxBytes(), s), per(before.txBytes(), after.txBytes(), s),
                per(before.rxPackets(), after.rxPackets(), s), per(before.txPackets(), after.txPackets(), s));
    }

    private static double per(long a, long b, double seconds) {
        return b >= a ? (b - a) / seconds : 0;
    }

    /** "1.2 KB/s, 10 pkt/s", or "-" when idle. */
    public static String format(double bytes, double packets) {
        if (bytes == 0 && packets == 0) {
            return "-";
        }
        return bytes(bytes) + "/s, " + count(packets) + " pkt/s";
    }

    /** 1536 -> "1.5 KB" (powers of 1024). */
    public static String bytes(double b) {
        String[] units = { "B", "KB", "MB", "GB", "TB" };
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", b) : String.format(Locale.ROOT, "%.1f %s", b, units[u]);
    }

    /** 1500 -> "1.5k". */
    public static String count(double n) {
        if (n >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return n >= 10 || n == Math.rint(n) ? String.format(Locale.ROOT, "%.0f", n) : String.format(Locale.ROOT, "%.1f", n);
    }
}
