package org.taplease.core.internal.freebsd.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.PointerByReference;

/**
 * {@code getifaddrs(3)} of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/include/ifaddrs.h">ifaddrs.h</a>
 * and the link-level records it returns: for each interface one {@code AF_LINK} entry whose address is a
 * {@code struct sockaddr_dl} (net/if_dl.h) and whose data is the interface's {@code struct if_data} (net/if.h).
 */
public final class Ifaddrs {

    /** {@code AF_LINK} (sys/socket.h). */
    public static final int AF_LINK = 18;
    /** {@code LINK_STATE_UP} (net/if.h). */
    public static final int LINK_STATE_UP = 2;

    private static final class Lib {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int getifaddrs(PointerByReference ifap) throws LastErrorException;

        static native void freeifaddrs(Pointer ifa);
    }

    private Ifaddrs() {
    }

    /** {@code getifaddrs}: the first entry of the list, to be given back to {@link #free(Pointer)}. */
    public static Pointer list() {
        PointerByReference head = new PointerByReference();
        Lib.getifaddrs(head);
        return head.getValue();
    }

    public static void free(Pointer head) {
        if (head != null) {
            Lib.freeifaddrs(head);
        }
    }

    /** {@code struct ifaddrs}. */
    @FieldOrder({ "ifa_next", "ifa_name", "ifa_flags", "ifa_addr", "ifa_netmask", "ifa_dstaddr", "ifa_data" })
    public static class IfAddrs extends Structure {
        public Pointer ifa_next;
        public Pointer ifa_name;
        public int ifa_flags;
        public Pointer ifa_addr;
        public Pointer ifa_netmask;
        public Pointer ifa_dstaddr;
        public Pointer ifa_data;

        public IfAddrs() {
        }

        public IfAddrs(Pointer p) {
            super(p);
            read();
        }
    }

    /** {@code struct sockaddr_dl} (net/if_dl.h): the link-level address follows the name in {@code sdl_data}. */
    @FieldOrder({ "sdl_len", "sdl_family", "sdl_index", "sdl_type", "sdl_nlen", "sdl_alen", "sdl_slen", "sdl_data" })
    public static class SockaddrDl extends Structure {
        public byte sdl_len;
        public byte sdl_family;
        public short sdl_index;
        public byte sdl_type;
        public byte sdl_nlen;
        public byte sdl_alen;
        public byte sdl_slen;
        public byte[] sdl_data = new byte[46];

        public SockaddrDl() {
        }

        public SockaddrDl(Pointer p) {
            super(p);
            read();
        }

        /** {@code LLADDR(sdl)} as "aa:bb:cc:dd:ee:ff", or null without a link-level address. */
        public String mac() {
            int n = sdl_alen & 0xff;
            int off = sdl_nlen & 0xff;
            if (n == 0 || off + n > sdl_data.length) {
                return null;
            }
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    b.append(':');
                }
                b.append(String.format("%02x", sdl_data[off + i] & 0xff));
            }
            return b.toString();
        }
    }

    /** The head of {@code struct if_data} (net/if.h, FreeBSD 11 and later) up to the byte counters. */
    @FieldOrder({ "ifi_type", "ifi_physical", "ifi_addrlen", "ifi_hdrlen", "ifi_link_state", "ifi_vhid",
            "ifi_datalen", "ifi_mtu", "ifi_metric", "ifi_baudrate", "ifi_ipackets", "ifi_ierrors", "ifi_opackets",
            "ifi_oerrors", "ifi_collisions", "ifi_ibytes", "ifi_obytes" })
    public static class IfData extends Structure {
        public byte ifi_type;
        public byte ifi_physical;
        public byte ifi_addrlen;
        public byte ifi_hdrlen;
        public byte ifi_link_state;
        public byte ifi_vhid;
        public short ifi_datalen;
        public int ifi_mtu;
        public int ifi_metric;
        public long ifi_baudrate;
        public long ifi_ipackets;
        public long ifi_ierrors;
        public long ifi_opackets;
        public long ifi_oerrors;
        public long ifi_collisions;
        public long ifi_ibytes;
        public long ifi_obytes;

        public IfData() {
        }

        public IfData(Pointer p) {
            super(p);
            read();
        }

        /** The offset of a field as JNA lays the structure out (tests pin them to the header's). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }
}
