package org.taplease.core.internal.linux;

import static org.taplease.core.internal.jna.Netlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The netlink framing the route-netlink codecs share: a request's {@code nlmsghdr}, attributes ({@code nlattr},
 * 4-byte aligned), and walking the attributes of a reply. Pure Java.
 */
final class RtMessages {

    /** A request of {@code type} with {@code flags}; the caller appends its fixed header and attributes. */
    static ByteBuffer newMessage(short type, short flags, int seq) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        b.putInt(0); // length, set by finish
        b.putShort(type);
        b.putShort(flags);
        b.putInt(seq);
        b.putInt(0); // port id: the kernel
        return b;
    }

    /** A NUL-terminated string attribute. */
    static void putString(ByteBuffer b, short type, String s) {
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) (NLA_HDRLEN + v.length + 1));
        b.putShort(type);
        b.put(v);
        b.put((byte) 0);
        pad(b);
    }

    /** A u32 attribute in host byte order. */
    static void putInt(ByteBuffer b, short type, int v) {
        b.putShort((short) (NLA_HDRLEN + 4));
        b.putShort(type);
        b.putInt(v);
    }

    /** An attribute of raw bytes (a MAC address, an IPv4 address in network byte order). */
    static void putBytes(ByteBuffer b, short type, byte[] v) {
        b.putShort((short) (NLA_HDRLEN + v.length));
        b.putShort(type);
        b.put(v);
        pad(b);
    }

    static void pad(ByteBuffer b) {
        while (b.position() % ALIGNTO != 0) {
            b.put((byte) 0);
        }
    }

    /** Sets {@code nlmsg_len} and flips the buffer for sending. */
    static ByteBuffer finish(ByteBuffer b) {
        b.putInt(0, b.position());
        b.flip();
        return b;
    }

    /** Receives each attribute of a run: its type (flag bits masked), value offset and value length. */
    @FunctionalInterface
    interface AttributeVisitor {
        void attribute(int type, int value, int length);
    }

    /** Visits the netlink attributes in {@code [p, end)} of {@code b}; stops at a malformed one. */
    static void forEachAttribute(ByteBuffer b, int p, int end, AttributeVisitor visitor) {
        while (p + NLA_HDRLEN <= end) {
            int len = b.getShort(p) & 0xffff;
            int type = b.getShort(p + 2) & 0xffff & NLA_TYPE_MASK;
            if (len < NLA_HDRLEN || p + len > end) {
                return;
            }
            visitor.attribute(type, p + NLA_HDRLEN, len - NLA_HDRLEN);
            p += align(len);
        }
    }

    /** A NUL-terminated (or attribute-bounded) UTF-8 string. */
    static String string(ByteBuffer b, int p, int len) {
        int n = 0;
        while (n < len && b.get(p + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(p, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /** An IPv4 address attribute (network byte order) as a host-order int. */
    static int inet(ByteBuffer b, int p) {
        return ((b.get(p) & 0xff) << 24) | ((b.get(p + 1) & 0xff) << 16) | ((b.get(p + 2) & 0xff) << 8)
                | (b.get(p + 3) & 0xff);
    }

    /** A host-order IPv4 address as the 4 bytes netlink carries (network byte order). */
    static byte[] inetBytes(int address) {
        return new byte[] { (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
                (byte) address };
    }

    private RtMessages() {
    }
}
