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
 * {@code struct ifreq} (32 bytes on every FreeBSD architecture), {@code struct ifstat}, {@code struct ifmediareq},
 * {@code struct ifdrv} (the driver-specific requests, e.g. if_bridge's), the interface flags and
 * {@code if_indextoname(3)}.
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

    /** {@code IFAN_ARRIVAL} of {@code if_announcemsghdr.ifan_what}: the interface arrived. */
    public static final int IFAN_ARRIVAL = 0;
    /** {@code IFAN_DEPARTURE}: the interface departed. */
    public static final int IFAN_DEPARTURE = 1;

    /** {@code AF_LINK} (sys/socket.h): the family of the link-level address {@code SIOCSIFLLADDR} takes. */
    public static final int AF_LINK = 18;

    private static final class Lib {
        static {
            Native.register(com.sun.jna.Platform.C_LIBRARY_NAME);
        }

        static native Pointer if_indextoname(int ifindex, byte[] ifname);
    }

    private NetIf() {
    }

    /** {@code if_indextoname(3)}: the name of interface {@code index}, or null if there is none. */
    public static String indexToName(int index) {
        byte[] name = new byte[IFNAMSIZ];
        return Lib.if_indextoname(index, name) == null ? null : cString(name);
    }

    /** {@code sizeof(struct ifdrv)}: the name, then {@code unsigned long}, {@code size_t} and a pointer. */
    public static int ifdrvSize(int pointerSize) {
        return IFNAMSIZ + 3 * pointerSize;
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

        /** {@code ifr_mtu} (SIOCSIFMTU). */
        public void setMtu(int mtu) {
            ifr_ifru.setType(int.class);
            ifr_ifru.ifru_mtu = mtu;
        }

        /** {@code ifr_addr}: a {@code struct sockaddr} of up to 16 bytes, {@code sa_len} first. */
        public void setAddr(byte[] sockaddr) {
            if (sockaddr.length > ifr_ifru.ifru_addr.length) {
                throw new IllegalArgumentException("sockaddr longer than 16 bytes: " + sockaddr.length);
            }
            ifr_ifru.setType(byte[].class);
            Arrays.fill(ifr_ifru.ifru_addr, (byte) 0);
            System.arraycopy(sockaddr, 0, ifr_ifru.ifru_addr, 0, sockaddr.length);
        }

        /**
         * {@code ifr_addr} as {@code SIOCSIFLLADDR} takes a link-level address (ifconfig's af_link.c): family
         * {@code AF_LINK}, {@code sa_len} the address length, the address in {@code sa_data}.
         */
        public void setLinkAddress(byte[] lladdr) {
            if (lladdr.length > 14) {
                throw new IllegalArgumentException("link-level address longer than sa_data: " + lladdr.length);
            }
            byte[] sa = new byte[2 + lladdr.length];
            sa[0] = (byte) lladdr.length;
            sa[1] = AF_LINK;
            System.arraycopy(lladdr, 0, sa, 2, lladdr.length);
            setAddr(sa);
        }

        /** {@code ifr_addr} as a {@code struct sockaddr_in} of {@code address} (host byte order). */
        public void setInetAddress(int address) {
            NetinetIn.SockaddrIn sin = NetinetIn.SockaddrIn.of(address);
            sin.write();
            setAddr(sin.getPointer().getByteArray(0, NetinetIn.SockaddrIn.SIZE));
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

    /**
     * {@code struct ifdrv}: a driver-specific request ({@code SIOCSDRVSPEC}/{@code SIOCGDRVSPEC}) to interface
     * {@code ifd_name}: command, argument length, argument.
     */
    @FieldOrder({ "ifd_name", "ifd_cmd", "ifd_len", "ifd_data" })
    public static class IfDrv extends Structure {
        /** {@code sizeof(struct ifdrv)} here. */
        public static final int SIZE = ifdrvSize(Native.POINTER_SIZE);

        public byte[] ifd_name = new byte[IFNAMSIZ];
        /** {@code unsigned long ifd_cmd}. */
        public com.sun.jna.NativeLong ifd_cmd = new com.sun.jna.NativeLong();
        /** {@code size_t ifd_len}. */
        public com.sun.jna.NativeLong ifd_len = new com.sun.jna.NativeLong();
        public Pointer ifd_data;

        public IfDrv() {
        }

        /** Request {@code cmd} to interface {@code name} with the argument {@code data} of {@code length} bytes. */
        public IfDrv(String name, int cmd, Pointer data, int length) {
            putName(ifd_name, name);
            ifd_cmd = new com.sun.jna.NativeLong(cmd);
            ifd_len = new com.sun.jna.NativeLong(length);
            ifd_data = data;
        }

        /** The offset of a field as JNA lays the structure out (tests pin them to the header's). */
        public int offsetOf(String field) {
            return fieldOffset(field);
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

    /**
     * The header every routing socket message starts with ({@code rtm_msglen}, {@code rtm_version},
     * {@code rtm_type}): what a reader looks at before it knows the message's structure.
     */
    @FieldOrder({ "msglen", "version", "type" })
    public static class RtMsgHead extends Structure {
        public short msglen;
        public byte version;
        public byte type;

        public RtMsgHead() {
        }

        public RtMsgHead(Pointer p) {
            super(p);
            read();
        }
    }

    /**
     * {@code struct if_msghdr} ({@code RTM_IFINFO}): the header, then the whole {@code struct if_data} (152 bytes on
     * every FreeBSD architecture since 11: fixed-width fields only), of which {@link Ifaddrs.IfData} maps the head.
     */
    @FieldOrder({ "ifm_msglen", "ifm_version", "ifm_type", "ifm_addrs", "ifm_flags", "ifm_index", "_ifm_spare1",
            "ifm_data", "ifm_data_rest" })
    public static class IfMsghdr extends Structure {
        /** {@code sizeof(struct if_data)}. */
        public static final int IF_DATA_SIZE = 152;

        public short ifm_msglen;
        public byte ifm_version;
        public byte ifm_type;
        public int ifm_addrs;
        public int ifm_flags;
        public short ifm_index;
        public short _ifm_spare1;
        public Ifaddrs.IfData ifm_data = new Ifaddrs.IfData();
        /** The rest of {@code struct if_data} after the byte counters (multicast, drops, hwassist, epoch, ...). */
        public byte[] ifm_data_rest = new byte[IF_DATA_SIZE - 80];

        public IfMsghdr() {
        }

        public IfMsghdr(Pointer p) {
            super(p);
            read();
        }

        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code struct ifa_msghdr} ({@code RTM_NEWADDR}, {@code RTM_DELADDR}); the sockaddrs follow it. */
    @FieldOrder({ "ifam_msglen", "ifam_version", "ifam_type", "ifam_addrs", "ifam_flags", "ifam_index",
            "_ifam_spare1", "ifam_metric" })
    public static class IfaMsghdr extends Structure {
        public short ifam_msglen;
        public byte ifam_version;
        public byte ifam_type;
        public int ifam_addrs;
        public int ifam_flags;
        public short ifam_index;
        public short _ifam_spare1;
        public int ifam_metric;

        public IfaMsghdr() {
        }

        public IfaMsghdr(Pointer p) {
            super(p);
            read();
        }

        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code struct if_announcemsghdr} ({@code RTM_IFANNOUNCE}). */
    @FieldOrder({ "ifan_msglen", "ifan_version", "ifan_type", "ifan_index", "ifan_name", "ifan_what" })
    public static class IfAnnounceMsghdr extends Structure {
        public short ifan_msglen;
        public byte ifan_version;
        public byte ifan_type;
        public short ifan_index;
        public byte[] ifan_name = new byte[IFNAMSIZ];
        public short ifan_what;

        public IfAnnounceMsghdr() {
        }

        public IfAnnounceMsghdr(Pointer p) {
            super(p);
            read();
        }

        public String name() {
            return cString(ifan_name);
        }

        public void setName(String name) {
            putName(ifan_name, name);
        }

        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }
}
