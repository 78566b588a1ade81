package org.taplease.core.internal.freebsd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.freebsd.jna.FreeBsdFcntl;
import org.taplease.core.internal.freebsd.jna.FreeBsdSocket;
import org.taplease.core.internal.freebsd.jna.NetRoute;
import org.taplease.core.internal.freebsd.jna.SysErrno;
import org.taplease.core.internal.jna.Poll;
import org.taplease.core.internal.jna.Socket;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * FreeBSD's routing socket through libc: {@code socket(PF_ROUTE)}, {@code SO_RERROR}, a {@code pipe2(2)} to wake the
 * reader, {@code poll(2)} on both, one {@code read(2)} per routing message.
 */
final class LibcRouteSocket implements FreeBsdSys.RouteSocket {

    /** Most messages one {@link #read()} returns. */
    private static final int MAX_BATCH = 512;
    /** A routing message is at most a header and a few sockaddrs: far below this. */
    private static final int BUFFER = 8192;

    private final int sock;
    private final int wakeRead;
    private final int wakeWrite;
    private final Poll.PollFds both;
    private final Poll.PollFds sockOnly;
    private final byte[] buf = new byte[BUFFER];
    private boolean closed;

    private LibcRouteSocket(int sock, int wakeRead, int wakeWrite) {
        this.sock = sock;
        this.wakeRead = wakeRead;
        this.wakeWrite = wakeWrite;
        this.both = new Poll.PollFds(sock, wakeRead);
        this.sockOnly = new Poll.PollFds(sock);
    }

    static LibcRouteSocket open(int rcvbuf) {
        int sock = -1;
        int[] pipe = { -1, -1 };
        boolean ok = false;
        try {
            try {
                sock = Socket.socket(NetRoute.PF_ROUTE, FreeBsdSocket.SOCK_RAW | FreeBsdSocket.SOCK_CLOEXEC,
                        FreeBsdSocket.AF_UNSPEC);
            } catch (LastErrorException e) {
                throw new SysCallException("socket(PF_ROUTE)", e.getErrorCode(), e);
            }
            setInt(sock, FreeBsdSocket.SO_RERROR, 1, "setsockopt(SO_RERROR)");
            if (rcvbuf > 0) {
                setInt(sock, FreeBsdSocket.SO_RCVBUF, rcvbuf, "setsockopt(SO_RCVBUF)");
            }
            try {
                Unistd.pipe2(pipe, FreeBsdFcntl.O_CLOEXEC | FreeBsdFcntl.O_NONBLOCK);
            } catch (LastErrorException e) {
                throw new SysCallException("pipe2", e.getErrorCode(), e);
            }
            LibcRouteSocket s = new LibcRouteSocket(sock, pipe[0], pipe[1]);
            ok = true;
            return s;
        } finally {
            if (!ok) {
                Unistd.closeQuietly(sock);
                Unistd.closeQuietly(pipe[0]);
                Unistd.closeQuietly(pipe[1]);
            }
        }
    }

    private static void setInt(int sock, int option, int value, String operation) {
        try {
            Socket.setsockopt(sock, FreeBsdSocket.SOL_SOCKET, option, new int[] { value }, 4);
        } catch (LastErrorException e) {
            throw new SysCallException(operation, e.getErrorCode(), e);
        }
    }

    @Override
    public FreeBsdSys.Messages read() {
        try {
            both.await();
        } catch (LastErrorException e) {
            throw new SysCallException("poll", e.getErrorCode(), e);
        }
        if (both.revents(1) != 0) {
            Unistd.read(wakeRead, buf, buf.length);
            return new FreeBsdSys.Messages(List.of(), false);
        }
        List<byte[]> out = new ArrayList<>();
        while (out.size() < MAX_BATCH) {
            int n = Unistd.read(sock, buf, buf.length);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == SysErrno.ENOBUFS) {
                    drain();
                    return new FreeBsdSys.Messages(List.of(), true);
                }
                throw new SysCallException("read(PF_ROUTE)", errno, null);
            }
            out.add(Arrays.copyOf(buf, n));
            if (!readable()) {
                break;
            }
        }
        return new FreeBsdSys.Messages(out, false);
    }

    /** Whether another message is queued: {@code poll(2)} with timeout 0. */
    private boolean readable() {
        try {
            return sockOnly.poll(0) > 0;
        } catch (LastErrorException e) {
            return false;
        }
    }

    private void drain() {
        while (readable() && Unistd.read(sock, buf, buf.length) > 0) {
            // older than the listing that follows
        }
    }

    @Override
    public void wakeup() {
        try {
            Unistd.write(wakeWrite, new byte[] { 1 }, 1);
        } catch (LastErrorException e) {
            // EAGAIN: the pipe is full, the reader wakes anyway
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Unistd.closeQuietly(sock);
            Unistd.closeQuietly(wakeRead);
            Unistd.closeQuietly(wakeWrite);
            both.close();
            sockOnly.close();
        }
    }
}
