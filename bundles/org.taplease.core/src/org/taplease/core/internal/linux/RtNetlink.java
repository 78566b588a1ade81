package org.taplease.core.internal.linux;

import static org.taplease.core.internal.jna.Netlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.engine.TapKernel.Address;
import org.taplease.core.internal.engine.TapKernel.Route;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Socket;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * A route-netlink socket of the caller's network namespace: one {@code RTM_GETLINK} dump lists every link with its
 * tun data, counters, carrier and alias; {@code RTM_SETLINK} sets the alias (taplease's pool label), IFF_UP, the MTU,
 * the MAC address and the bridge; {@code RTM_GETADDR}/{@code RTM_GETROUTE} dumps list IPv4 addresses and the main
 * table's unicast routes, {@code RTM_NEWADDR}/{@code RTM_DELADDR} add and remove addresses. Not thread-safe: open
 * one per operation.
 */
public final class RtNetlink implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;
    private static final int DUMP_RETRIES = 5;

    private final int fd;
    private final Memory buf = new Memory(BUFFER);
    private int seq = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private RtNetlink(int fd) {
        this.fd = fd;
    }

    public static RtNetlink open() {
        try {
            return new RtNetlink(Socket.socket(Socket.AF_NETLINK, Socket.SOCK_RAW | Socket.SOCK_CLOEXEC, NETLINK_ROUTE));
        } catch (LastErrorException e) {
            throw new SysCallException("socket(AF_NETLINK)", e.getErrorCode(), e);
        }
    }

    /** Every link of the namespace, with counters. */
    public List<Link> dumpLinks() {
        return dumpLinks(true);
    }

    /** Every link of the namespace; without {@code stats} the kernel leaves the counters out (cheaper). */
    public List<Link> dumpLinks(boolean stats) {
        int extMask = stats ? 0 : RTEXT_FILTER_SKIP_STATS;
        for (int attempt = 0;; attempt++) {
            List<Link> out = new ArrayList<>();
            boolean interrupted = transact(RtLinkCodec.getLink(++seq, null, extMask), "RTM_GETLINK dump",
                    links(out));
            if (!interrupted || attempt >= DUMP_RETRIES) {
                return out;
            }
        }
    }

    /** The link named {@code name}, or null if there is none. */
    public Link getLink(String name) {
        List<Link> out = new ArrayList<>(1);
        try {
            transact(RtLinkCodec.getLink(++seq, name), "RTM_GETLINK " + name, links(out));
        } catch (SysCallException e) {
            if (e.errno() == Errno.ENODEV) {
                return null;
            }
            throw e;
        }
        return out.isEmpty() ? null : out.get(0);
    }

    /** Sets IFF_UP (if {@code up} is not null) and the alias (if not null) of link {@code index}. */
    public void setLink(int index, Boolean up, String alias) {
        int flags = up != null && up ? IFF_UP : 0;
        int change = up != null ? IFF_UP : 0;
        transact(RtLinkCodec.setLink(++seq, index, flags, change, alias), "RTM_SETLINK", null);
    }

    /** Sets the MTU of link {@code index}. */
    public void setMtu(int index, int mtu) {
        transact(RtLinkCodec.setMtu(++seq, index, mtu), "RTM_SETLINK", null);
    }

    /** Sets the MAC address of link {@code index}. */
    public void setMac(int index, byte[] mac) {
        transact(RtLinkCodec.setMac(++seq, index, mac), "RTM_SETLINK", null);
    }

    /** Makes link {@code index} a port of {@code master} (0: of none). */
    public void setMaster(int index, int master) {
        transact(RtLinkCodec.setMaster(++seq, index, master), "RTM_SETLINK", null);
    }

    /** Every IPv4 address of the namespace (a dump interrupted by a change is repeated, as for links). */
    public List<Address> dumpAddresses() {
        for (int attempt = 0;; attempt++) {
            List<Address> out = new ArrayList<>();
            boolean interrupted = transact(RtAddrCodec.getAddrs(++seq), "RTM_GETADDR dump", (type, b, start, end) -> {
                if (type == RTM_NEWADDR) {
                    Address a = RtAddrCodec.parseAddr(b, start, end);
                    if (a != null) {
                        out.add(a);
                    }
                }
            });
            if (!interrupted || attempt >= DUMP_RETRIES) {
                return out;
            }
        }
    }

    /** The IPv4 unicast routes of the main table. */
    public List<Route> dumpRoutes() {
        for (int attempt = 0;; attempt++) {
            List<Route> out = new ArrayList<>();
            boolean interrupted = transact(RtRouteCodec.getRoutes(++seq), "RTM_GETROUTE dump",
                    (type, b, start, end) -> {
                        if (type == RTM_NEWROUTE) {
                            Route r = RtRouteCodec.parseRoute(b, start, end);
                            if (r != null) {
                                out.add(r);
                            }
                        }
                    });
            if (!interrupted || attempt >= DUMP_RETRIES) {
                return out;
            }
        }
    }

    /** Adds IPv4 {@code address}/{@code prefix} to link {@code index} (EEXIST if it is there). */
    public void addAddress(int index, int address, int prefix) {
        transact(RtAddrCodec.newAddr(++seq, index, address, prefix), "RTM_NEWADDR", null);
    }

    /** Removes IPv4 {@code address}/{@code prefix} from link {@code index} (EADDRNOTAVAIL if it is not there). */
    public void removeAddress(int index, int address, int prefix) {
        transact(RtAddrCodec.delAddr(++seq, index, address, prefix), "RTM_DELADDR", null);
    }

    /** Receives each reply message of a request: its type and payload {@code [start, end)} after the nlmsghdr. */
    @FunctionalInterface
    private interface MessageHandler {
        void message(short type, ByteBuffer b, int start, int end);
    }

    private static MessageHandler links(List<Link> out) {
        return (type, b, start, end) -> {
            if (type == RTM_NEWLINK) {
                out.add(RtLinkCodec.parseLink(b, start, end));
            }
        };
    }

    /**
     * Sends one request and reads replies until done, handing each reply message to {@code handler} (null: an
     * ack is all that is expected); returns whether a dump was interrupted (NLM_F_DUMP_INTR).
     */
    private boolean transact(ByteBuffer request, String operation, MessageHandler handler) {
        int n = request.remaining();
        byte[] req = new byte[n];
        request.get(req);
        int mySeq = ByteBuffer.wrap(req).order(ByteOrder.nativeOrder()).getInt(8);
        boolean dump = (ByteBuffer.wrap(req).order(ByteOrder.nativeOrder()).getShort(6) & NLM_F_DUMP) == NLM_F_DUMP;
        buf.write(0, req, 0, n);
        try {
            Socket.send(fd, buf, n, 0);
        } catch (LastErrorException e) {
            throw new SysCallException(operation + " send", e.getErrorCode(), e);
        }
        boolean interrupted = false;
        while (true) {
            long got;
            try {
                got = Socket.recv(fd, buf, BUFFER, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw new SysCallException(operation + " recv", e.getErrorCode(), e);
            }
            ByteBuffer b = buf.getByteBuffer(0, got).order(ByteOrder.nativeOrder());
            int p = 0;
            while (p + NLMSGHDR_SIZE <= got) {
                int len = b.getInt(p);
                short type = b.getShort(p + 4);
                short flags = b.getShort(p + 6);
                int msgSeq = b.getInt(p + 8);
                if (len < NLMSGHDR_SIZE || p + len > got) {
                    throw new SysCallException(operation + " (truncated reply)", Errno.EINVAL, null);
                }
                if (msgSeq != mySeq) {
                    p += align(len);
                    continue; // a stale reply
                }
                if ((flags & NLM_F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                if (type == NLMSG_DONE) {
                    return interrupted;
                }
                if (type == NLMSG_ERROR) {
                    int err = -b.getInt(p + NLMSGHDR_SIZE);
                    if (err == 0) {
                        return false; // ack
                    }
                    throw new SysCallException(operation, err, null);
                }
                if (handler != null) {
                    handler.message(type, b, p + NLMSGHDR_SIZE, p + len);
                }
                if (!dump && (flags & NLM_F_MULTI) == 0) {
                    return false; // a single reply to a non-dump GET
                }
                p += align(len);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Unistd.closeQuietly(fd);
            buf.close();
        }
    }
}
