package org.taplease.core.internal.freebsd.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code struct in_aliasreq} of FreeBSD's
 * <a href="https://cgit.freebsd.org/src/tree/sys/netinet/in_var.h">netinet/in_var.h</a>: the argument of
 * {@code SIOCAIFADDR} for {@code AF_INET} (in.c {@code in_aifaddr_ioctl}).
 */
public final class InVar {

    private InVar() {
    }

    /**
     * {@code struct in_aliasreq}: name, address, broadcast (or destination) address, mask, CARP vhid; 68 bytes on every
     * architecture. A broadcast address with {@code sin_len} 0 lets the kernel compute it from the mask (and use
     * 255.255.255.255 for a /31, RFC 3021).
     */
    @FieldOrder({ "ifra_name", "ifra_addr", "ifra_broadaddr", "ifra_mask", "ifra_vhid" })
    public static class InAliasReq extends Structure {
        /** {@code sizeof(struct in_aliasreq)}. */
        public static final int SIZE = NetIf.IFNAMSIZ + 3 * NetinetIn.SockaddrIn.SIZE + Integer.BYTES;

        public byte[] ifra_name = new byte[NetIf.IFNAMSIZ];
        public NetinetIn.SockaddrIn ifra_addr = new NetinetIn.SockaddrIn();
        public NetinetIn.SockaddrIn ifra_broadaddr = new NetinetIn.SockaddrIn();
        public NetinetIn.SockaddrIn ifra_mask = new NetinetIn.SockaddrIn();
        public int ifra_vhid;

        public InAliasReq() {
        }

        /** {@code address}/{@code netmask} (host byte order) on interface {@code name}; no broadcast, no vhid. */
        public InAliasReq(String name, int address, int netmask) {
            NetIf.putName(ifra_name, name);
            ifra_addr.set(address);
            ifra_mask.set(netmask);
        }

        /** The offset of a field as JNA lays the structure out (tests pin them to the header's). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }
}
