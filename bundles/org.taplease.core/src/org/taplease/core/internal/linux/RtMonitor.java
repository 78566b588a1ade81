package org.taplease.core.internal.linux;

import static org.taplease.core.internal.jna.Netlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.engine.KernelException;
import org.taplease.core.internal.engine.KernelException.Failure;
import org.taplease.core.internal.engine.TapKernel.Batch;
import org.taplease.core.internal.engine.TapKernel.Change;
import org.taplease.core.internal.engine.TapKernel.LinkMonitor;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.EventFd;
import org.taplease.core.internal.jna.Poll;
import org.taplease.core.internal.jna.Socket;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * A route-netlink socket bound to the link and IPv4 address multicast groups of the caller's namespace, and an
 * eventfd to wake its reader: {@link #next()} blocks in {@code poll(2)} on both (no CPU while nothing changes), then
 * reads what is queued without blocking. {@code RTM_NEWLINK}/{@code RTM_DELLINK} are parsed by {@link RtLinkCodec};
 * {@code RTM_NEWADDR}/{@code RTM_DELADDR} only name the interface. {@code ENOBUFS} (the kernel dropped notifications
 * because the socket's queue was full) is reported as {@link Batch#overflow()}, after the queue is drained (what is
 * queued then is older than a listing taken next).
 * <p>
 * The receive buffer is {@value #DEFAULT_RCVBUF} bytes (as systemd-networkd and udev do, so that a burst of link
 * changes fits while the reader is busy), or what the system property {@value #RCVBUF_PROPERTY} says (tests that
 * provoke an overflow set a tiny one): {@code SO_RCVBUFFORCE} with CAP_NET_ADMIN, else {@code SO_RCVBUF}, which the
 * kernel caps at {@code net.core.rmem_max}.
 */
final class RtMonitor implements LinkMonitor {

    /** System property: the notification socket's receive buffer in bytes (the kernel doubles it). */
    static final String RCVBUF_PROPERTY = "taplease.watch.rcvbuf";

    /** The receive buffer asked for unless {@link #RCVBUF_PROPERTY} says otherwise. */
    static final int DEFAULT_RCVBUF = 4 * 1024 * 1024;

    private static final int BUFFER = 64 * 1024;
    /** Most messages one {@link #next()} returns: a burst becomes several batches, each delivered soon. */
    private static final int MAX_BATCH = 512;

    private final int sock;
    private final int wake;
    private final Memory buf = new Memory(BUFFER);
    private final Poll.PollFds pollFds;
    private boolean closed;

    private RtMonitor(int sock, int wake) {
        this.sock = sock;
        this.wake = wake;
        this.pollFds = new Poll.PollFds(sock, wake);
    }

    static RtMonitor open() {
        int sock = -1;
        int wake = -1;
        boolean ok = false;
        try {
            sock = socket();
            rcvbuf(sock);
            bind(sock, RTMGRP_LINK | RTMGRP_IPV4_IFADDR);
            try {
                wake = EventFd.eventfd(0, EventFd.EFD_CLOEXEC | EventFd.EFD_NONBLOCK);
            } catch (LastErrorException e) {
                throw new SysCallException("eventfd", e.getErrorCode(), e);
            }
            RtMonitor m = new RtMonitor(sock, wake);
            ok = true;
            return m;
        } finally {
            if (!ok) {
                Unistd.closeQuietly(sock);
                Unistd.closeQuietly(wake);
            }
        }
    }

    private static int socket() {
        try {
            return Socket.socket(Socket.AF_NETLINK, Socket.SOCK_RAW | Socket.SOCK_CLOEXEC, NETLINK_ROUTE);
        } catch (LastErrorException e) {
            throw new SysCallException("socket(AF_NETLINK)", e.getErrorCode(), e);
        }
    }

    private static void bind(int sock, int groups) {
        try (Memory addr = new Memory(SOCKADDR_NL_SIZE)) {
            addr.clear();
            addr.setShort(0, (short) Socket.AF_NETLINK);
            addr.setInt(8, groups);
            Socket.bind(sock, addr, SOCKADDR_NL_SIZE);
        } catch (LastErrorException e) {
            throw new SysCallException("bind(NETLINK_ROUTE, RTMGRP_LINK|RTMGRP_IPV4_IFADDR)", e.getErrorCode(), e);
        }
    }

    private static void rcvbuf(int sock) {
        int[] v = { Integer.getInteger(RCVBUF_PROPERTY, DEFAULT_RCVBUF) };
        try {
            Socket.setsockopt(sock, Socket.SOL_SOCKET, Socket.SO_RCVBUFFORCE, v, 4);
        } catch (LastErrorException e) {
            try {
                Socket.setsockopt(sock, Socket.SOL_SOCKET, Socket.SO_RCVBUF, v, 4);
            } catch (LastErrorException e2) {
                throw new SysCallException("setsockopt(SO_RCVBUF)", e2.getErrorCode(), e2);
            }
        }
    }

    @Override
    public Batch next() {
        try {
            return read();
        } catch (SysCallException e) {
            throw new KernelException(Failure.SYSTEM, "netlink", e.operation(), e.errno(), e.strerror(), null, null,
                    e);
        }
    }

    private Batch read() {
        try {
            pollFds.await();
        } catch (LastErrorException e) {
            throw new SysCallException("poll", e.getErrorCode(), e);
        }
        if (pollFds.revents(1) != 0) {
            drainWake();
            return Batch.EMPTY;
        }
        List<Change> out = new ArrayList<>();
        boolean overflow = false;
        while (out.size() < MAX_BATCH) {
            long got;
            try {
                got = Socket.recv(sock, buf, BUFFER, Socket.MSG_DONTWAIT);
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno == Errno.EAGAIN) {
                    break;
                }
                if (errno == Errno.ENOBUFS) {
                    overflow = true;
                    drain();
                    out.clear(); // older than the listing the caller takes now
                    break;
                }
                throw new SysCallException("recv(NETLINK_ROUTE notifications)", errno, e);
            }
            if (got == 0) {
                break;
            }
            parse(buf.getByteBuffer(0, got).order(ByteOrder.nativeOrder()), (int) got, out);
        }
        return new Batch(out, overflow);
    }

    /** Parses the notifications of one datagram into {@code out}. */
    static void parse(ByteBuffer b, int got, List<Change> out) {
        int p = 0;
        while (p + NLMSGHDR_SIZE <= got) {
            int len = b.getInt(p);
            short type = b.getShort(p + 4);
            if (len < NLMSGHDR_SIZE || p + len > got) {
                return; // truncated: the kernel never sends that; the next listing would repair it
            }
            int start = p + NLMSGHDR_SIZE;
            int end = p + len;
            if ((type == RTM_NEWLINK || type == RTM_DELLINK) && end - start >= IFINFOMSG_SIZE) {
                Link l = RtLinkCodec.parseLink(b, start, end);
                if (type == RTM_DELLINK) {
                    out.add(Change.gone(l.index()));
                } else if (l.name() != null) {
                    out.add(Change.link(LinuxKernel.toKernelLink(l)));
                }
            } else if ((type == RTM_NEWADDR || type == RTM_DELADDR) && end - start >= IFADDRMSG_SIZE) {
                out.add(Change.addresses(b.getInt(start + 4)));
            }
            p += align(len);
        }
    }

    /** Discards what is queued (after ENOBUFS: older than the listing that follows). */
    private void drain() {
        while (true) {
            try {
                if (Socket.recv(sock, buf, BUFFER, Socket.MSG_DONTWAIT) <= 0) {
                    return;
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR && e.getErrorCode() != Errno.ENOBUFS) {
                    return;
                }
            }
        }
    }

    private void drainWake() {
        byte[] b = new byte[8];
        Unistd.read(wake, b, 8);
    }

    @Override
    public void wakeup() {
        try {
            EventFd.signal(wake);
        } catch (LastErrorException e) {
            // EAGAIN: the counter is already non-zero, the reader wakes anyway
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Unistd.closeQuietly(sock);
            Unistd.closeQuietly(wake);
            pollFds.close();
            buf.close();
        }
    }
}
