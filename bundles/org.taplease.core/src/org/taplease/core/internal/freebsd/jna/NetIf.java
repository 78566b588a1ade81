package org.taplease.core.internal.freebsd.jna;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.Union;

/**
 * What this backend uses of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/net/if.h">net/if.h</a>:
 * {@code struct ifreq} (32 bytes on every FreeBSD architecture), {@code struct ifstat}, {@code struct ifmediareq}
 * and the interface flags.
 */
public final class NetIf {

    /** {@code IFNAMSIZ}: the name buffer, including its terminating NUL. */
    public static final int IFNAMSIZ = 16;
    /** {@code IFSTATMAX}: the text of {@code struct ifstat}, without its NUL. */
    public static final int IFSTATMAX = 800;
    /** {@code IFDESCRSIZE}: the longest interface description the kernel accepts (net/if.h). */
    public static final int IFDESCRSIZE = 64;

    /** {@code IFF_UP}. */
    public static final int IFF_UP = 0x1;
    /** {@code IFF_BROADCAST}. */
    public static final int IFF_BROADCAST = 0x2;
    /** {@code IFF_LINK0}: on a tap, closing the device keeps it up with its addresses (if_tuntap.c tundtor). */
    public static final int IFF_LINK0 = 0x1000;
    /** {@code IFF_MULTICAST}. */
    public static final int IFF_MULTICAST = 0x8000;

    private NetIf() {
    }

    /** {@code sizeof(struct ifreq)} for a given pointer size: 16 + the union (sockaddr 16, ifreq_buffer 2 words). */
    public static int ifreqSize(int pointerSize) {
        int union = Math.max(16, 2 * pointerSize);
        int align = pointerSize;
        union = (union + align - 1) / align * align;
        return IFNAMSIZ + union;
    }

    /** {@code sizeof(struct ifmediareq)}: the name, five ints, then the {@code int *ifm_ulist} aligned. */
    public static int ifmediareqSize(int pointerSize) {
        int offset = IFNAMSIZ + 5 * Integer.BYTES;
        offset = (offset + pointerSize - 1) / pointerSize * pointerSize;
        return offset + pointerSize;
    }

    /** {@code sizeof(struct ifstat)}. */
    public static int ifstatSize() {
        return IFNAMSIZ + IFSTATMAX + 1;
    }

    static void putName(byte[] field, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name longer than " + (IFNAMSIZ - 1) + ": " + name);
        }
        Arrays.fill(field, (byte) 0);
        System.arraycopy(b, 0, field, 0, b.length);
    }

    static String cString(byte[] field) {
        int n = 0;
        while (n < field.length && field[n] != 0) {
            n++;
        }
        return new String(field, 0, n, StandardCharsets.US_ASCII);
    }

    /** The union {@code ifr_ifru} with the members this backend uses; its size is set by the sockaddr and buffer. */
    public static class IfrIfru extends Union {
        public byte[] ifru_addr = new byte[16];
        public short[] ifru_flags = new short[2];
        public int ifru_mtu;
        public SizeBuffer ifru_buffer;
    }

    /** {@code struct ifreq_buffer} with {@code size_t} as JNA's native size ({@code size_t} is pointer-sized). */
    @FieldOrder({ "length", "buffer" })
    public static class SizeBuffer extends Structure {
        public com.sun.jna.NativeLong length = new com.sun.jna.NativeLong();
        public Pointer buffer;
    }

    /** {@code struct ifreq}: {@code ifr_name} and the union. */
    @FieldOrder({ "ifr_name", "ifr_ifru" })
    public static class IfReq extends Structure {
        /** {@code sizeof(struct ifreq)} here. */
        public static final int SIZE = ifreqSize(Native.POINTER_SIZE);

        public byte[] ifr_name = new byte[IFNAMSIZ];
        public IfrIfru ifr_ifru = new IfrIfru();

        public IfReq() {
        }

        public IfReq(String name) {
            putName(ifr_name, name);
        }

        public String name() {
            return cString(ifr_name);
        }

        /** {@code ifr_flags | ifr_flagshigh << 16}. */
        public int flags() {
            return (ifr_ifru.ifru_flags[0] & 0xffff) | (ifr_ifru.ifru_flags[1] & 0xffff) << 16;
        }

        public void setFlags(int flags) {
            ifr_ifru.setType(short[].class);
            ifr_ifru.ifru_flags[0] = (short) flags;
            ifr_ifru.ifru_flags[1] = (short) (flags >>> 16);
        }

        public int mtu() {
            return ifr_ifru.ifru_mtu;
        }

        /** Points {@code ifr_buffer} at {@code buffer} of {@code length} bytes (SIOCGIFDESCR/SIOCSIFDESCR). */
        public void setBuffer(Pointer buffer, long length) {
            ifr_ifru.setType(SizeBuffer.class);
            ifr_ifru.ifru_buffer = new SizeBuffer();
            ifr_ifru.ifru_buffer.length = new com.sun.jna.NativeLong(length);
            ifr_ifru.ifru_buffer.buffer = buffer;
        }

        /** The length the kernel wrote back into {@code ifr_buffer}. */
        public long bufferLength() {
            ifr_ifru.setType(SizeBuffer.class);
            ifr_ifru.readField("ifru_buffer");
            return ifr_ifru.ifru_buffer == null ? 0 : ifr_ifru.ifru_buffer.length.longValue();
        }
    }

    /** {@code struct ifstat}: {@code ifs_name} and the status text ({@code "\tOpened by PID 123\n"} for a tap). */
    @FieldOrder({ "ifs_name", "ascii" })
    public static class IfStat extends Structure {
        public byte[] ifs_name = new byte[IFNAMSIZ];
        public byte[] ascii = new byte[IFSTATMAX + 1];

        public IfStat() {
        }

        public IfStat(String name) {
            putName(ifs_name, name);
        }

        public String text() {
            return cString(ascii);
        }
    }

    /** {@code struct ifmediareq}; {@code ifm_status} carries IFM_AVALID and IFM_ACTIVE (a tap: open or not). */
    @FieldOrder({ "ifm_name", "ifm_current", "ifm_mask", "ifm_status", "ifm_active", "ifm_count", "ifm_ulist" })
    public static class IfMediaReq extends Structure {
        public byte[] ifm_name = new byte[IFNAMSIZ];
        public int ifm_current;
        public int ifm_mask;
        public int ifm_status;
        public int ifm_active;
        public int ifm_count;
        public Pointer ifm_ulist;

        public IfMediaReq() {
        }

        public IfMediaReq(String name) {
            putName(ifm_name, name);
        }
    }
}
