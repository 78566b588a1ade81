package org.taplease.core.internal.linux;

import java.nio.charset.StandardCharsets;

import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.IfReq;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.Ioctl;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/**
 * The system calls on a {@code /dev/net/tun} descriptor. Each throws {@link SysCallException} with the errno.
 * <p>
 * The lease path is hot (it is compared with the C floor), so {@code struct ifreq} is a per-thread native buffer of
 * {@link IfReq#SIZE} bytes written at {@link IfReq}'s offsets, instead of a JNA {@code Structure} that is reflected
 * over on every call.
 */
final class TunFd {

    static final String TUN_PATH = IfTun.DEV_NET_TUN;

    private static final ThreadLocal<Memory> IFREQ = ThreadLocal.withInitial(() -> new Memory(IfReq.SIZE));
    private static final NativeLong TUNSETIFF = new NativeLong(IfTun.REQ.tunSetIff());
    private static final NativeLong TUNGETIFF = new NativeLong(IfTun.REQ.tunGetIff());

    /** Opens {@code /dev/net/tun} close-on-exec. */
    static int open() {
        try {
            return Fcntl.open(TUN_PATH, Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new SysCallException("open " + TUN_PATH, e.getErrorCode(), e);
        }
    }

    private static Memory ifreq(String name, short flags) {
        Memory m = IFREQ.get();
        m.clear();
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length >= IfReq.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        m.write(0, b, 0, b.length);
        m.setShort(IfReq.FLAGS_OFFSET, flags);
        return m;
    }

    /** {@code TUNSETIFF}: attaches (or, if the name is unused, creates) the tap. */
    static void setIff(int fd, String name, short flags) {
        try {
            Ioctl.ioctl(fd, TUNSETIFF, ifreq(name, flags));
        } catch (LastErrorException e) {
            throw new SysCallException("TUNSETIFF", e.getErrorCode(), e);
        }
    }

    /** {@code TUNGETIFF}: the attached device's flags (IFF_TAP, IFF_PERSIST, ...). */
    static short getIffFlags(int fd) {
        Memory m = ifreq("", (short) 0);
        try {
            Ioctl.ioctl(fd, TUNGETIFF, m);
        } catch (LastErrorException e) {
            throw new SysCallException("TUNGETIFF", e.getErrorCode(), e);
        }
        return m.getShort(IfReq.FLAGS_OFFSET);
    }

    static void setPersist(int fd, boolean persist) {
        value(fd, IfTun.REQ.tunSetPersist(), persist ? 1 : 0, "TUNSETPERSIST");
    }

    static void setOwner(int fd, int uid) {
        value(fd, IfTun.REQ.tunSetOwner(), uid & 0xffffffffL, "TUNSETOWNER");
    }

    static void setGroup(int fd, int gid) {
        value(fd, IfTun.REQ.tunSetGroup(), gid & 0xffffffffL, "TUNSETGROUP");
    }

    static void setOffload(int fd, int flags) {
        value(fd, IfTun.REQ.tunSetOffload(), flags, "TUNSETOFFLOAD");
    }

    static void setVnetHdrSize(int fd, int size) {
        try {
            Ioctl.ioctl(fd, new NativeLong(IfTun.REQ.tunSetVnetHdrSz()), new IntByReference(size));
        } catch (LastErrorException e) {
            throw new SysCallException("TUNSETVNETHDRSZ", e.getErrorCode(), e);
        }
    }

    private static void value(int fd, long request, long v, String op) {
        try {
            Ioctl.ioctlValue(fd, request, v);
        } catch (LastErrorException e) {
            throw new SysCallException(op, e.getErrorCode(), e);
        }
    }

    static void close(int fd) {
        Unistd.closeQuietly(fd);
    }

    static boolean isMissingDevice(int errno) {
        return errno == Errno.ENOENT || errno == Errno.ENODEV || errno == Errno.ENXIO;
    }

    private TunFd() {
    }
}
