package org.taplease.cli.tests;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * A TCP listener bound to one interface ({@code SO_BINDTODEVICE}) and one address: a connection it accepts came in
 * over that interface, which a Java {@code ServerSocket} cannot promise (it has no {@code SO_BINDTODEVICE}). Test
 * code through JNA: one connection at a time, the first line of each. Socket constants are those of x86, arm and
 * riscv Linux (SOL_SOCKET 1, SO_BINDTODEVICE 25), the architectures these tests run on.
 */
final class DeviceListener implements AutoCloseable {

    /** The first line a peer sent, and the peer's IPv4 address. */
    record Received(String line, String from) {
    }

    /** libc (sys/socket.h, poll.h, unistd.h): what this listener needs of it. */
    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int name, byte[] value, int length);

        int bind(int fd, byte[] address, int length);

        int listen(int fd, int backlog);

        int accept(int fd, byte[] address, int[] length);

        int poll(byte[] fds, int count, int timeoutMs);

        int read(int fd, byte[] buffer, int count);

        int close(int fd);
    }

    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SO_BINDTODEVICE = 25;
    private static final short POLLIN = 1;

    private static final LibC C = LibC.INSTANCE;

    private final int fd;
    private final String device;

    DeviceListener(String device, String address, int port) throws UnknownHostException {
        this.device = device;
        int s = C.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        check(s, "socket");
        fd = s;
        try {
            byte[] one = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
            check(C.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, one, 4), "setsockopt SO_REUSEADDR");
            byte[] name = (device + "\0").getBytes(StandardCharsets.US_ASCII);
            check(C.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, name.length), "setsockopt SO_BINDTODEVICE " + device);
            // struct sockaddr_in: family (host order), port and address (network order), 8 bytes of zero
            ByteBuffer sin = ByteBuffer.allocate(16);
            sin.order(ByteOrder.nativeOrder()).putShort((short) AF_INET);
            sin.order(ByteOrder.BIG_ENDIAN).putShort((short) port).put(InetAddress.getByName(address).getAddress());
            check(C.bind(fd, sin.array(), 16), "bind " + address + ":" + port);
            check(C.listen(fd, 4), "listen");
        } catch (RuntimeException e) {
            C.close(fd);
            throw e;
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException(what + ": errno " + Native.getLastError());
        }
    }

    /** Waits up to {@code timeout} for {@code fd} to be readable. */
    private static boolean readable(int fd, long timeoutMs) {
        byte[] pfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(fd).putShort(POLLIN).putShort((short) 0)
                .array();
        int n = C.poll(pfd, 1, (int) Math.max(0, Math.min(Integer.MAX_VALUE, timeoutMs)));
        check(n, "poll");
        return n > 0;
    }

    /** The next connection's first line (up to {@code timeout} for the connection and its line), or null. */
    Received next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!readable(fd, timeout.toMillis())) {
            return null;
        }
        byte[] peer = new byte[16];
        int[] len = { 16 };
        int conn = C.accept(fd, peer, len);
        check(conn, "accept on " + device);
        try {
            StringBuilder line = new StringBuilder();
            byte[] buf = new byte[256];
            while (line.indexOf("\n") < 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !readable(conn, left)) {
                    break;
                }
                int n = C.read(conn, buf, buf.length);
                if (n <= 0) {
                    break;
                }
                line.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            String from = (peer[4] & 0xff) + "." + (peer[5] & 0xff) + "." + (peer[6] & 0xff) + "." + (peer[7] & 0xff);
            int nl = line.indexOf("\n");
            return new Received((nl >= 0 ? line.substring(0, nl) : line.toString()).trim(), from);
        } finally {
            // closing makes busybox's nc (which waits for the other end) exit
            C.close(conn);
        }
    }

    @Override
    public void close() {
        C.close(fd);
    }
}
