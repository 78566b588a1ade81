package org.taplease.core.internal.freebsd.jna;

/**
 * The ioctl request encoding of FreeBSD's
 * <a href="https://cgit.freebsd.org/src/tree/sys/sys/ioccom.h">sys/ioccom.h</a>, the same on every FreeBSD
 * architecture: the low word is {@code group << 8 | num}, 13 bits of parameter length sit at bit 16, and the top three
 * bits say the direction ({@code IOC_VOID} 0x20000000, {@code IOC_OUT} 0x40000000, {@code IOC_IN} 0x80000000).
 * <p>
 * Unlike Linux's encoding, "out" (the kernel writes) is {@code _IOR} and "in" (the kernel reads) is {@code _IOW}, and
 * {@code _IOWINT} is a void request that still carries {@code sizeof(int)}. Request numbers are computed here from
 * the {@code _IO*} definitions the headers use; none is hard-coded.
 */
public final class IocCom {

    /** {@code IOCPARM_SHIFT}: bits of the parameter length. */
    public static final int IOCPARM_SHIFT = 13;
    /** {@code IOCPARM_MASK}. */
    public static final int IOCPARM_MASK = (1 << IOCPARM_SHIFT) - 1;
    /** {@code IOCPARM_MAX}: the largest parameter an ioctl may copy. */
    public static final int IOCPARM_MAX = 1 << IOCPARM_SHIFT;
    /** {@code IOC_VOID}: no parameters. */
    public static final long IOC_VOID = 0x20000000L;
    /** {@code IOC_OUT}: copy parameters out (the kernel writes them). */
    public static final long IOC_OUT = 0x40000000L;
    /** {@code IOC_IN}: copy parameters in (the kernel reads them). */
    public static final long IOC_IN = 0x80000000L;
    /** {@code IOC_INOUT}. */
    public static final long IOC_INOUT = IOC_IN | IOC_OUT;

    private IocCom() {
    }

    /** {@code _IOC(inout, group, num, len)}. */
    public static long ioc(long inout, char group, int num, int len) {
        if (len < 0 || len > IOCPARM_MASK) {
            throw new IllegalArgumentException("ioctl parameter length " + len + " exceeds " + IOCPARM_SHIFT + " bits");
        }
        if (num < 0 || num > 0xff || group > 0xff) {
            throw new IllegalArgumentException("ioctl group/number out of range: '" + group + "' " + num);
        }
        return (inout | ((long) (len & IOCPARM_MASK) << 16) | ((long) group << 8) | num) & 0xFFFF_FFFFL;
    }

    /** {@code _IO(g, n)}. */
    public static long io(char group, int num) {
        return ioc(IOC_VOID, group, num, 0);
    }

    /** {@code _IOWINT(g, n)}: a void request whose length is {@code sizeof(int)}; the int is passed by value. */
    public static long iowint(char group, int num) {
        return ioc(IOC_VOID, group, num, Integer.BYTES);
    }

    /** {@code _IOR(g, n, t)}: the kernel writes a {@code t} of {@code size} bytes. */
    public static long ior(char group, int num, int size) {
        return ioc(IOC_OUT, group, num, size);
    }

    /** {@code _IOW(g, n, t)}: the kernel reads a {@code t} of {@code size} bytes. */
    public static long iow(char group, int num, int size) {
        return ioc(IOC_IN, group, num, size);
    }

    /** {@code _IOWR(g, n, t)}. */
    public static long iowr(char group, int num, int size) {
        return ioc(IOC_INOUT, group, num, size);
    }

    /** {@code IOCPARM_LEN(x)}. */
    public static int parmLen(long request) {
        return (int) ((request >> 16) & IOCPARM_MASK);
    }

    /** {@code IOCGROUP(x)}. */
    public static char group(long request) {
        return (char) ((request >> 8) & 0xff);
    }
}
