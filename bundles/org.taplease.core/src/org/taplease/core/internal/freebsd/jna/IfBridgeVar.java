package org.taplease.core.internal.freebsd.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The if_bridge requests of FreeBSD's
 * <a href="https://cgit.freebsd.org/src/tree/sys/net/if_bridgevar.h">net/if_bridgevar.h</a>, issued as
 * {@code SIOCSDRVSPEC}/{@code SIOCGDRVSPEC} with a {@code struct ifdrv} (net/if.h) whose {@code ifd_cmd} is the
 * request and whose {@code ifd_len} must be exactly the size of its argument (if_bridge.c {@code bridge_ioctl}).
 */
public final class IfBridgeVar {

    /** {@code BRDGADD}: add a member ({@code struct ifbreq}, SIOCSDRVSPEC, needs PRIV_NET_BRIDGE). */
    public static final int BRDGADD = 0;
    /** {@code BRDGDEL}: delete a member ({@code struct ifbreq}, SIOCSDRVSPEC). */
    public static final int BRDGDEL = 1;
    /** {@code BRDGGIFS}: get the member list ({@code struct ifbifconf}, SIOCGDRVSPEC). */
    public static final int BRDGGIFS = 6;
    /** {@code IFBIF_SPAN}: the entry is a span port, not a member. */
    public static final int IFBIF_SPAN = 0x0008;

    private IfBridgeVar() {
    }

    /** {@code sizeof(struct ifbifconf)}: a {@code uint32_t} and a pointer, aligned to the pointer. */
    public static int ifbifconfSize(int pointerSize) {
        return 2 * pointerSize;
    }

    /**
     * {@code struct ifbreq} of FreeBSD 14: the member's name, its flags and STP state, padded with {@code pad[32]}
     * to 80 bytes on every architecture.
     */
    @FieldOrder({ "ifbr_ifsname", "ifbr_ifsflags", "ifbr_stpflags", "ifbr_path_cost", "ifbr_portno",
            "ifbr_priority", "ifbr_proto", "ifbr_role", "ifbr_state", "ifbr_addrcnt", "ifbr_addrmax",
            "ifbr_addrexceeded", "pad" })
    public static class IfBReq extends Structure {
        /** {@code sizeof(struct ifbreq)}. */
        public static final int SIZE = 80;

        public byte[] ifbr_ifsname = new byte[NetIf.IFNAMSIZ];
        public int ifbr_ifsflags;
        public int ifbr_stpflags;
        public int ifbr_path_cost;
        public byte ifbr_portno;
        public byte ifbr_priority;
        public byte ifbr_proto;
        public byte ifbr_role;
        public byte ifbr_state;
        public int ifbr_addrcnt;
        public int ifbr_addrmax;
        public int ifbr_addrexceeded;
        public byte[] pad = new byte[32];

        public IfBReq() {
        }

        /** A request about member {@code member}. */
        public IfBReq(String member) {
            NetIf.putName(ifbr_ifsname, member);
        }

        public IfBReq(Pointer p) {
            super(p);
            read();
        }

        public String name() {
            return NetIf.cString(ifbr_ifsname);
        }

        /** The offset of a field as JNA lays the structure out (tests pin them to the header's). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code struct ifbifconf}: the buffer's length (in: its size; out: the bytes written) and the buffer. */
    @FieldOrder({ "ifbic_len", "ifbic_buf" })
    public static class IfBifConf extends Structure {
        /** {@code sizeof(struct ifbifconf)} here. */
        public static final int SIZE = ifbifconfSize(Native.POINTER_SIZE);

        public int ifbic_len;
        public Pointer ifbic_buf;
    }
}
