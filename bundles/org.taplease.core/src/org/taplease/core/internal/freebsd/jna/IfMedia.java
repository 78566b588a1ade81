package org.taplease.core.internal.freebsd.jna;

/** The media status bits of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/net/if_media.h">net/if_media.h</a>. */
public final class IfMedia {

    /** {@code IFM_AVALID}: the active bit is valid. */
    public static final int IFM_AVALID = 0x1;
    /** {@code IFM_ACTIVE}: attached to a working net; for a tap, some process has it open. */
    public static final int IFM_ACTIVE = 0x2;
    /** {@code IFM_ETHER}. */
    public static final int IFM_ETHER = 0x20;

    private IfMedia() {
    }
}
