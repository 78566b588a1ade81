package org.taplease.core.internal.jna;

import java.util.Locale;

/**
 * The ioctl request encoding of {@code asm-generic/ioctl.h} and of the architectures that override it
 * ({@code arch/powerpc/include/uapi/asm/ioctl.h}, {@code arch/mips/include/uapi/asm/ioctl.h},
 * {@code arch/sparc/include/uapi/asm/ioctl.h}).
 * <p>
 * Request numbers are computed per architecture from the same {@code _IOW/_IOR} definitions the C headers use;
 * none is hard-coded, so {@code TUNSETIFF} is {@code 0x400454CA} on x86/arm/riscv and {@code 0x800454CA} on
 * ppc/mips/sparc.
 */
public final class IoctlCodes {

    /** The two encodings Linux uses. */
    public enum Encoding {
        /** asm-generic: 2 direction bits at 30, 14 size bits; WRITE=1, READ=2. */
        GENERIC(14, 2, 0, 1, 2),
        /** powerpc, mips, sparc: 3 direction bits at 29, 13 size bits; NONE=1, READ=2, WRITE=4. */
        THREE_BIT_DIRECTION(13, 3, 1, 4, 2);

        final int sizeBits;
        final int dirBits;
        final int none;
        final int write;
        final int read;

        Encoding(int sizeBits, int dirBits, int none, int write, int read) {
            this.sizeBits = sizeBits;
            this.dirBits = dirBits;
            this.none = none;
            this.write = write;
            this.read = read;
        }

        /** The encoding of the given {@code os.arch} value. */
        public static Encoding forArch(String osArch) {
            String a = osArch.toLowerCase(Locale.ROOT);
            if (a.startsWith("ppc") || a.startsWith("powerpc") || a.startsWith("mips") || a.startsWith("sparc")) {
                return THREE_BIT_DIRECTION;
            }
            return GENERIC;
        }

        private long ioc(int dir, char type, int nr, int size) {
            if (size >= (1 << sizeBits)) {
                throw new IllegalArgumentException("ioctl argument size " + size + " exceeds " + sizeBits + " bits");
            }
            int nrShift = 0;
            int typeShift = 8;
            int sizeShift = 16;
            int dirShift = sizeShift + sizeBits;
            return ((long) dir << dirShift | (long) size << sizeShift | (long) type << typeShift | (long) nr << nrShift)
                    & 0xFFFF_FFFFL;
        }

        /** {@code _IO(type, nr)}. */
        public long io(char type, int nr) {
            return ioc(none, type, nr, 0);
        }

        /** {@code _IOW(type, nr, size)}. */
        public long iow(char type, int nr, int size) {
            return ioc(write, type, nr, size);
        }

        /** {@code _IOR(type, nr, size)}. */
        public long ior(char type, int nr, int size) {
            return ioc(read, type, nr, size);
        }

        /** {@code _IOWR(type, nr, size)}. */
        public long iowr(char type, int nr, int size) {
            return ioc(read | write, type, nr, size);
        }
    }

    /** The encoding of the architecture this JVM runs on. */
    public static final Encoding NATIVE = Encoding.forArch(System.getProperty("os.arch", ""));

    /** {@code sizeof(int)} and {@code sizeof(unsigned int)} on every Linux architecture. */
    public static final int SIZEOF_INT = 4;

    private IoctlCodes() {
    }
}
