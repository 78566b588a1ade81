package org.taplease.core.internal.jna;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code struct ifreq} of <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/if.h">linux/if.h</a>,
 * as the tun driver uses it: the name, and {@code ifr_flags} as the first member of the union.
 * <p>
 * The union is padded to the kernel's size: its largest member is {@code struct ifmap} (two {@code unsigned long},
 * one {@code unsigned short}, three {@code unsigned char}), so {@code sizeof(struct ifreq)} is 40 on 64-bit and 32 on
 * 32-bit. A shorter struct would let the kernel's {@code copy_to_user} in {@code TUNGETIFF} write past it.
 */
@FieldOrder({ "ifr_name", "ifr_flags", "ifr_pad" })
public class IfReq extends Structure {

    /** {@code IFNAMSIZ}: the name buffer, including its terminating NUL. */
    public static final int IFNAMSIZ = 16;

    /** {@code sizeof(union ifr_ifru)}. */
    public static final int IFRU_SIZE = unionSize(Native.LONG_SIZE);

    /** {@code sizeof(struct ifreq)} on this architecture. */
    public static final int SIZE = IFNAMSIZ + IFRU_SIZE;

    /** The offset of {@code ifr_flags}, right after the name. */
    public static final int FLAGS_OFFSET = IFNAMSIZ;

    public byte[] ifr_name = new byte[IFNAMSIZ];
    public short ifr_flags;
    public byte[] ifr_pad = new byte[IFRU_SIZE - 2];

    public IfReq() {
        super(ALIGN_GNUC);
    }

    public IfReq(String name, short flags) {
        this();
        setName(name);
        ifr_flags = flags;
    }

    /** {@code sizeof(union ifr_ifru)} for the given {@code sizeof(long)}: {@code struct ifmap} rounded up. */
    static int unionSize(int longSize) {
        int ifmap = 2 * longSize + 2 + 3;
        int aligned = (ifmap + longSize - 1) / longSize * longSize;
        int sockaddr = 16;
        return Math.max(aligned, sockaddr);
    }

    /** The offset of {@code ifr_flags} as JNA lays the structure out: must equal {@link #FLAGS_OFFSET}. */
    public int flagsOffset() {
        return fieldOffset("ifr_flags");
    }

    public final void setName(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name longer than " + (IFNAMSIZ - 1) + ": " + name);
        }
        java.util.Arrays.fill(ifr_name, (byte) 0);
        System.arraycopy(b, 0, ifr_name, 0, b.length);
    }

    public String name() {
        int n = 0;
        while (n < ifr_name.length && ifr_name[n] != 0) {
            n++;
        }
        return new String(ifr_name, 0, n, StandardCharsets.US_ASCII);
    }
}
