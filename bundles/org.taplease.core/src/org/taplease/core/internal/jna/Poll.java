package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@code poll(2)} of <a href="https://man7.org/linux/man-pages/man0/poll.h.0p.html">poll.h</a>. An array of
 * {@code struct pollfd} ({@code int fd; short events; short revents;}, 8 bytes each on every ABI taplease runs on) is
 * kept in native memory by {@link PollFds}.
 */
public final class Poll {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** {@code sizeof(struct pollfd)}. */
    public static final int POLLFD_SIZE = 8;
    public static final short POLLIN = 0x1;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    /** {@code poll(2)}; {@code timeout} in ms, -1 blocks. */
    public static native int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

    /** An array of {@code struct pollfd} in native memory. */
    public static final class PollFds implements AutoCloseable {
        private final Memory mem;
        private final int n;

        public PollFds(int... fds) {
            n = fds.length;
            mem = new Memory((long) POLLFD_SIZE * n);
            mem.clear();
            for (int i = 0; i < n; i++) {
                mem.setInt((long) POLLFD_SIZE * i, fds[i]);
                mem.setShort((long) POLLFD_SIZE * i + 4, POLLIN);
            }
        }

        /** Waits until one of the descriptors is readable (or in error); EINTR is retried. */
        public void await() {
            for (int i = 0; i < n; i++) {
                mem.setShort((long) POLLFD_SIZE * i + 6, (short) 0);
            }
            while (true) {
                try {
                    Poll.poll(mem, n, -1);
                    return;
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != Errno.EINTR) {
                        throw e;
                    }
                }
            }
        }

        /** One {@code poll(2)} with {@code timeout} ms (0: do not wait); returns how many descriptors are ready. */
        public int poll(int timeout) {
            for (int i = 0; i < n; i++) {
                mem.setShort((long) POLLFD_SIZE * i + 6, (short) 0);
            }
            return Poll.poll(mem, n, timeout);
        }

        /** The {@code revents} of descriptor {@code i} after {@link #await()}. */
        public short revents(int i) {
            return mem.getShort((long) POLLFD_SIZE * i + 6);
        }

        @Override
        public void close() {
            mem.close();
        }
    }

    private Poll() {
    }
}
