package org.taplease.core.internal.linux;

import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.IfReq;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.Ioctl;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;

/** The system calls on a {@code /dev/net/tun} descriptor. Each throws {@link SysCallException} with the errno. */
final class TunFd {

    static final String tunPath = IfTun.DEV_NET_TUN;

    /** Opens {@code /dev/net/tun} close-on-exec. */
    static int open() {
        try {
            return Fcntl.open(tunPath, Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new SysCallException("open " + tunPath, e.getErrorCode(), e);
        }
    }

    /** {@code TUNSETIFF}: attaches (or, if the name is unused, creates) the tap. */
    static void setIff(int fd, String name, short flags) {
        try {
            Ioctl.ioctlStruct(fd, IfTun.REQ.tunSetIff(), new IfReq(name, flags));
        } catch (LastErrorException e) {
            throw new SysCallException("TUNSETIFF", e.getErrorCode(), e);
        }
    }

    /** {@code TUNGETIFF}: the attached device's flags (IFF_TAP, IFF_PERSIST, ...). */
    static short getIffFlags(int fd) {
        IfReq r = new IfReq();
        try {
            Ioctl.ioctlStruct(fd, IfTun.REQ.tunGetIff(), r);
        } catch (LastErrorException e) {
            throw new SysCallException("TUNGETIFF", e.getErrorCode(), e);
        }
        return r.ifr_flags;
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
            com.sun.jna.ptr.IntByReference r = new com.sun.jna.ptr.IntByReference(size);
            Ioctl.ioctl(fd, new com.sun.jna.NativeLong(IfTun.REQ.tunSetVnetHdrSz()), r);
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
