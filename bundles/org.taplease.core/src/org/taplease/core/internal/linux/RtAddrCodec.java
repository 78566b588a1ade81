package org.taplease.core.internal.linux;

import static org.taplease.core.internal.jna.Netlink.*;
import static org.taplease.core.internal.linux.RtMessages.*;

import java.nio.ByteBuffer;

import org.taplease.core.internal.engine.TapKernel.Address;
import org.taplease.core.internal.jna.Socket;

/**
 * Builds route-netlink IPv4 address requests ({@code RTM_GETADDR}, {@code RTM_NEWADDR}, {@code RTM_DELADDR}) and
 * parses {@code RTM_NEWADDR} messages. Addresses are host-order ints; netlink carries them in network byte order.
 * Pure Java: unit-testable.
 */
public final class RtAddrCodec {

    /** An {@code RTM_GETADDR} dump of the IPv4 addresses of every link. */
    public static ByteBuffer getAddrs(int seq) {
        ByteBuffer b = newMessage(RTM_GETADDR, (short) (NLM_F_REQUEST | NLM_F_DUMP), seq);
        ifaddrmsg(b, 0, 0);
        return finish(b);
    }

    /**
     * An {@code RTM_NEWADDR} request with ack that adds {@code address}/{@code prefix} to link {@code index}, as
     * {@code ip address add A/P brd + dev X} does: {@code IFA_LOCAL} and {@code IFA_ADDRESS} are the address (no
     * peer), {@code IFA_BROADCAST} the block's last address for prefixes below 31 (a /31 or /32 has none).
     * {@code NLM_F_EXCL}: an address already there is EEXIST, not silently kept.
     */
    public static ByteBuffer newAddr(int seq, int index, int address, int prefix) {
        ByteBuffer b = newMessage(RTM_NEWADDR, (short) (NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL), seq);
        ifaddrmsg(b, index, prefix);
        putBytes(b, IFA_LOCAL, inetBytes(address));
        putBytes(b, IFA_ADDRESS, inetBytes(address));
        if (prefix < 31) {
            putBytes(b, IFA_BROADCAST, inetBytes(broadcast(address, prefix)));
        }
        return finish(b);
    }

    /**
     * An {@code RTM_DELADDR} request with ack that removes {@code address}/{@code prefix} from link {@code index}
     * (the kernel matches local address and prefix length).
     */
    public static ByteBuffer delAddr(int seq, int index, int address, int prefix) {
        ByteBuffer b = newMessage(RTM_DELADDR, (short) (NLM_F_REQUEST | NLM_F_ACK), seq);
        ifaddrmsg(b, index, prefix);
        putBytes(b, IFA_LOCAL, inetBytes(address));
        putBytes(b, IFA_ADDRESS, inetBytes(address));
        return finish(b);
    }

    /** The last address of the block {@code address}/{@code prefix}. */
    public static int broadcast(int address, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return address | ~mask;
    }

    private static void ifaddrmsg(ByteBuffer b, int index, int prefix) {
        b.put((byte) Socket.AF_INET);
        b.put((byte) prefix);
        b.put((byte) 0); // flags
        b.put((byte) RT_SCOPE_UNIVERSE);
        b.putInt(index);
    }

    /**
     * Parses the {@code RTM_NEWADDR} message whose payload (after the nlmsghdr) spans {@code [start, end)} of
     * {@code b}; null if it is not IPv4. The address is {@code IFA_LOCAL} (on a point-to-point link
     * {@code IFA_ADDRESS} is the peer), else {@code IFA_ADDRESS}.
     */
    public static Address parseAddr(ByteBuffer b, int start, int end) {
        if ((b.get(start) & 0xff) != Socket.AF_INET) {
            return null;
        }
        int prefix = b.get(start + 1) & 0xff;
        int index = b.getInt(start + 4);
        int[] local = { 0, 0 }; // found, value
        int[] address = { 0, 0 };
        forEachAttribute(b, start + IFADDRMSG_SIZE, end, (type, v, vlen) -> {
            if (vlen < 4) {
                return;
            }
            if (type == IFA_LOCAL) {
                local[0] = 1;
                local[1] = inet(b, v);
            } else if (type == IFA_ADDRESS) {
                address[0] = 1;
                address[1] = inet(b, v);
            }
        });
        if (local[0] != 0) {
            return new Address(index, local[1], prefix);
        }
        return address[0] != 0 ? new Address(index, address[1], prefix) : null;
    }

    private RtAddrCodec() {
    }
}
