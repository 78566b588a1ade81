package org.taplease.core.internal.freebsd.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * What the backend uses of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/netinet/in.h">netinet/in.h</a>:
 * {@code struct sockaddr_in} (16 bytes: BSD's {@code sin_len} first, the address in network byte order).
 */
public final class NetinetIn {

    /** {@code AF_INET} (sys/socket.h). */
    public static final int AF_INET = 2;

    private NetinetIn() {
    }

    /** {@code struct sockaddr_in}: {@code sin_len, sin_family, sin_port, sin_addr, sin_zero[8]}. */
    @FieldOrder({ "sin_len", "sin_family", "sin_port", "sin_addr", "sin_zero" })
    public static class SockaddrIn extends Structure {
        /** {@code sizeof(struct sockaddr_in)}. */
        public static final int SIZE = 16;

        public byte sin_len;
        public byte sin_family;
        public short sin_port;
        /** {@code struct in_addr}, network byte order. */
        public byte[] sin_addr = new byte[4];
        public byte[] sin_zero = new byte[8];

        public SockaddrIn() {
        }

        public SockaddrIn(Pointer p) {
            super(p);
            read();
        }

        /** An {@code AF_INET} address ({@code sin_len} 16) of {@code address} (host byte order). */
        public static SockaddrIn of(int address) {
            SockaddrIn s = new SockaddrIn();
            s.set(address);
            return s;
        }

        /** Makes this {@code AF_INET} {@code address} (host byte order), {@code sin_len} 16. */
        public void set(int address) {
            sin_len = SIZE;
            sin_family = AF_INET;
            sin_addr = bytes(address);
        }

        /** The address, host byte order. */
        public int address() {
            return NetinetIn.address(sin_addr);
        }

        /** The offset of a field as JNA lays the structure out (tests pin them to the header's). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code address} (host byte order) as the four bytes of a {@code struct in_addr} (network byte order). */
    public static byte[] bytes(int address) {
        return new byte[] { (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address };
    }

    /** The four bytes of a {@code struct in_addr} as an int in host byte order. */
    public static int address(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /** The netmask of a prefix length ({@code /24} is {@code 0xffffff00}). */
    public static int netmask(int prefix) {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("IPv4 prefix length out of range: " + prefix);
        }
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The prefix length of a netmask: its leading one bits. */
    public static int prefix(int netmask) {
        return Integer.numberOfLeadingZeros(~netmask);
    }
}
