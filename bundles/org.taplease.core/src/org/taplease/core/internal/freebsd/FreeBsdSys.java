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
    /** {@code ifi_type} of an if_bridge interface ({@code IFT_BRIDGE}, whatever it is named). */
    int IFT_BRIDGE = 0xd1;

    /**
     * One interface as {@code getifaddrs(3)} reports it in its {@code AF_LINK} entry: the {@code sockaddr_dl} and the
     * {@code struct if_data}.
     */
    record Interface(String name, int index, int type, String mac, int mtu, int flags, boolean linkUp,
            LinkStats stats) {
    }

    /**
     * One IPv4 address as {@code getifaddrs(3)} reports it in an {@code AF_INET} entry.
     *
     * @param index the interface's ifindex (from the {@code AF_LINK} entry of the same listing)
     * @param address the address, host byte order
     * @param netmask its netmask, host byte order
     */
    record Ipv4Address(String name, int index, int address, int netmask) {
    }

    /** A device node's ownership ({@code stat(2)} of {@code /dev/NAME}). */
    record DevNode(int uid, int gid, int mode) {
    }

    /** Every interface ({@code getifaddrs}, {@code AF_LINK} entries). */
    List<Interface> interfaces();

    /** Every IPv4 address ({@code getifaddrs}, {@code AF_INET} entries). */
    List<Ipv4Address> ipv4Addresses();

    /** {@code if_indextoname(3)}: null if there is no such interface. */
    String indexToName(int index);

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

    /**
     * {@code SIOCAIFADDR} with a {@code struct in_aliasreq} (needs root): adds {@code address}/{@code netmask} (host
     * byte order) to {@code name}, the broadcast address left to the kernel. The kernel replaces the same address on
     * the same interface, and adds the prefix route and a loopback host route for the address.
     */
    void addAddress(String name, int address, int netmask) throws SysCallException;

    /** {@code SIOCDIFADDR} with {@code ifr_addr} (needs root); EADDRNOTAVAIL if {@code name} has no such address. */
    void deleteAddress(String name, int address) throws SysCallException;

    /** {@code SIOCSIFMTU} (needs root). */
    void setMtu(String name, int mtu) throws SysCallException;

    /** {@code SIOCSIFLLADDR} with an {@code AF_LINK} {@code ifr_addr} (needs root). */
    void setLinkAddress(String name, byte[] lladdr) throws SysCallException;

    /**
     * The members of if_bridge {@code bridge}: {@code SIOCGDRVSPEC} with {@code ifd_cmd = BRDGGIFS}, span ports left
     * out. Fails (EINVAL) on an interface that is not a bridge.
     */
    List<String> bridgeMembers(String bridge) throws SysCallException;

    /** {@code SIOCSDRVSPEC} with {@code ifd_cmd = BRDGADD} and a {@code struct ifbreq} naming {@code member}. */
    void addBridgeMember(String bridge, String member) throws SysCallException;

    /** {@code SIOCSDRVSPEC} with {@code ifd_cmd = BRDGDEL} and a {@code struct ifbreq} naming {@code member}. */
    void deleteBridgeMember(String bridge, String member) throws SysCallException;

    /**
     * {@code sysctl({CTL_NET, PF_ROUTE, 0, AF_INET, NET_RT_DUMP, 0})}: the IPv4 routing table of the caller's FIB, as
     * the kernel lays it out (see {@link org.taplease.core.internal.freebsd.jna.NetRoute#parse}).
     */
    byte[] routeDump() throws SysCallException;

    /** {@code sysctlbyname(3)} of an int, or empty if the name does not exist. */
    Optional<Integer> sysctlInt(String name);

    /** The process with this pid: its real uid and command ({@code ps -o uid=,comm= -p PID}), if it still exists. */
    Optional<Holder> process(int pid);

    /** {@code getuid(2)}. */
    int uid();

    /**
     * A routing socket ({@code socket(PF_ROUTE, SOCK_RAW, AF_UNSPEC)} with {@code SO_RERROR}, so an overflow is
     * reported) and a pipe to wake its reader.
     *
     * @param rcvbuf its receive buffer in bytes ({@code SO_RCVBUF}), or 0 for the kernel's default
     */
    RouteSocket routeSocket(int rcvbuf) throws SysCallException;

    /** A routing socket: one thread reads, any thread wakes it. */
    interface RouteSocket extends AutoCloseable {

        /**
         * Blocks in {@code poll(2)} until messages arrive or {@link #wakeup()}, then reads what is queued: the
         * routing messages as the kernel wrote them, one per element, in order; none after a wake-up.
         */
        Messages read() throws SysCallException;

        /** Makes a blocked (or the next) {@link #read()} return. Never throws. */
        void wakeup();

        /** Closes the socket and the pipe. */
        @Override
        void close();
    }

    /**
     * What one {@link RouteSocket#read()} brought.
     *
     * @param messages the routing messages, in kernel order
     * @param overflow whether the socket's queue overflowed ({@code ENOBUFS}): messages were lost, and what was still
     *        queued was discarded
     */
    record Messages(List<byte[]> messages, boolean overflow) {
    }
}
