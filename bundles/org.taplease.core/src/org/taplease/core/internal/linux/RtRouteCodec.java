package org.taplease.core.internal.linux;

import static org.taplease.core.internal.jna.Netlink.*;
import static org.taplease.core.internal.linux.RtMessages.*;

import java.nio.ByteBuffer;

import org.taplease.core.internal.engine.TapKernel.Route;
import org.taplease.core.internal.jna.Socket;

/**
 * Builds the route-netlink IPv4 route dump request ({@code RTM_GETROUTE}) and parses {@code RTM_NEWROUTE} messages,
 * keeping the unicast routes of the main table (what {@code ip route} shows). Pure Java: unit-testable.
 */
public final class RtRouteCodec {

    /** An {@code RTM_GETROUTE} dump of the IPv4 routes of every table (the kernel does not filter a plain dump). */
    public static ByteBuffer getRoutes(int seq) {
        ByteBuffer b = newMessage(RTM_GETROUTE, (short) (NLM_F_REQUEST | NLM_F_DUMP), seq);
        b.put((byte) Socket.AF_INET);
        b.put(new byte[RTMSG_SIZE - 1]); // dst_len, src_len, tos, table, protocol, scope, type, flags: any
        return finish(b);
    }

    /**
     * Parses the {@code RTM_NEWROUTE} message whose payload (after the nlmsghdr) spans {@code [start, end)} of
     * {@code b}; null unless it is an IPv4 {@code RTN_UNICAST} route of {@code RT_TABLE_MAIN} ({@code RTA_TABLE},
     * which the kernel always sends, wins over {@code rtm_table}, which holds only 8 bits). No {@code RTA_DST} is
     * the default route (0.0.0.0/0); no {@code RTA_OIF} (a multipath route) is oif 0.
     */
    public static Route parseRoute(ByteBuffer b, int start, int end) {
        if ((b.get(start) & 0xff) != Socket.AF_INET || (b.get(start + 7) & 0xff) != RTN_UNICAST) {
            return null;
        }
        int prefix = b.get(start + 1) & 0xff;
        int[] f = { b.get(start + 4) & 0xff, 0, 0 }; // table, oif, destination
        forEachAttribute(b, start + RTMSG_SIZE, end, (type, v, vlen) -> {
            if (vlen < 4) {
                return;
            }
            switch (type) {
            case RTA_TABLE -> f[0] = b.getInt(v);
            case RTA_OIF -> f[1] = b.getInt(v);
            case RTA_DST -> f[2] = inet(b, v);
            default -> {
                // not needed
            }
            }
        });
        return f[0] == RT_TABLE_MAIN ? new Route(f[1], f[2], prefix) : null;
    }

    private RtRouteCodec() {
    }
}
