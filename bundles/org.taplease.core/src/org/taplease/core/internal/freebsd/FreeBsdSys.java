package org.taplease.core.internal.freebsd;

import java.util.List;
import java.util.Optional;

import org.taplease.core.Holder;
import org.taplease.core.LinkStats;
import org.taplease.core.internal.SysCallException;

/**
 * The system calls the FreeBSD backend makes, and nothing more: the seam between its decisions
 * ({@link FreeBsdKernel} for the lease engine) and the kernel ({@link LibcFreeBsdSys}). Tests on Linux replace it with a model of the
 * FreeBSD tap driver; on FreeBSD the libc implementation is used. Failures are {@link SysCallException}s with the
 * operation and FreeBSD's errno.
 */
public interface FreeBsdSys {

    /** {@code ifi_type} of an Ethernet interface (net/if_types.h {@code IFT_ETHER}): taps are Ethernet. */
    int IFT_ETHER = 0x6;

    /**
     * One interface as {@code getifaddrs(3)} reports it in its {@code AF_LINK} entry: the {@code sockaddr_dl} and the
     * {@code struct if_data}.
     */
    record Interface(String name, int index, int type, String mac, int mtu, int flags, boolean linkUp,
            LinkStats stats) {
    }

    /** A device node's ownership ({@code stat(2)} of {@code /dev/NAME}). */
    record DevNode(int uid, int gid, int mode) {
    }

    /** Every interface ({@code getifaddrs}, {@code AF_LINK} entries). */
    List<Interface> interfaces();

    /** {@code if_nametoindex(3)}: 0 if there is no such interface. Never creates anything. */
    int nameToIndex(String name);

    /** {@code stat(2)} of a device node, without opening it (a lookup never clones). */
    Optional<DevNode> devNode(String path);

    /**
     * {@code open(path, O_RDWR | O_CLOEXEC)}. Beware: on FreeBSD, opening a missing {@code /dev/tapN} may create tapN
     * (devfs cloning), and opening {@code /dev/tap} always creates a new tap.
     */
    int open(String path) throws SysCallException;

    /** {@code close(2)}. */
    void close(int fd);

    /** {@code TAPGIFNAME}: the interface an open tap descriptor belongs to. */
    String tapName(int fd) throws SysCallException;

    /**
     * {@code VMIO_SIOCSIFFLAGS} on the tap's descriptor (no privilege needed): the driver keeps only the low 12
     * changeable bits of {@code flags}, adds IFF_UP and keeps the unchangeable ones, so it clears IFF_LINK0.
     */
    void setFlagsThroughFd(int fd, int flags) throws SysCallException;

    /** {@code TAPSVNETHDR}: the virtio-net header length of frames on this descriptor (0 or 10). */
    void setVnetHdr(int fd, int length) throws SysCallException;

    /** {@code SIOCGIFFLAGS} ({@code ifr_flags | ifr_flagshigh << 16}). */
    int flags(String name) throws SysCallException;

    /** {@code SIOCSIFFLAGS} on a socket (needs root): sets IFF_LINK0 and the other changeable flags. */
    void setFlags(String name, int flags) throws SysCallException;

    /** {@code SIOCGIFSTATUS}: a tap answers {@code "\tOpened by PID N\n"} while it is open, else nothing. */
    String status(String name) throws SysCallException;

    /** {@code SIOCGIFMEDIA}: {@code ifm_status} (a tap has IFM_ACTIVE while it is open). */
    int mediaStatus(String name) throws SysCallException;

    /** {@code SIOCGIFDESCR}: the description, "" if none. */
    String description(String name) throws SysCallException;

    /** {@code SIOCSIFDESCR} (needs root). */
    void setDescription(String name, String description) throws SysCallException;

    /** {@code SIOCIFDESTROY} (needs root). */
    void destroy(String name) throws SysCallException;

    /** {@code chown(2)} + {@code chmod(2)} of a device node (devfs keeps it until the node goes or a reboot). */
    void setOwnership(String path, int uid, int gid, int mode) throws SysCallException;

    /** {@code sysctlbyname(3)} of an int, or empty if the name does not exist. */
    Optional<Integer> sysctlInt(String name);

    /** The process with this pid: its real uid and command ({@code ps -o uid=,comm= -p PID}), if it still exists. */
    Optional<Holder> process(int pid);

    /** {@code getuid(2)}. */
    int uid();
}
