package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.IoctlCodes;
import org.taplease.core.internal.jna.IoctlCodes.Encoding;

/** The request numbers computed from _IOW/_IOR, pinned to the values of the kernel headers on each architecture. */
class IoctlCodesTest {

    @Test
    void genericEncodingMatchesLinuxIfTunH() {
        IfTun.Requests r = IfTun.Requests.of(Encoding.GENERIC);
        assertThat(r.tunSetIff()).isEqualTo(0x400454CAL);
        assertThat(r.tunSetPersist()).isEqualTo(0x400454CBL);
        assertThat(r.tunSetOwner()).isEqualTo(0x400454CCL);
        assertThat(r.tunSetGroup()).isEqualTo(0x400454CEL);
        assertThat(r.tunGetFeatures()).isEqualTo(0x800454CFL);
        assertThat(r.tunSetOffload()).isEqualTo(0x400454D0L);
        assertThat(r.tunGetIff()).isEqualTo(0x800454D2L);
        assertThat(r.tunGetVnetHdrSz()).isEqualTo(0x800454D7L);
        assertThat(r.tunSetVnetHdrSz()).isEqualTo(0x400454D8L);
    }

    @Test
    void powerpcMipsSparcEncodingSwapsTheDirectionBits() {
        IfTun.Requests r = IfTun.Requests.of(Encoding.THREE_BIT_DIRECTION);
        assertThat(r.tunSetIff()).isEqualTo(0x800454CAL);
        assertThat(r.tunSetPersist()).isEqualTo(0x800454CBL);
        assertThat(r.tunGetIff()).isEqualTo(0x400454D2L);
        assertThat(r.tunSetOffload()).isEqualTo(0x800454D0L);
    }

    @Test
    void architectureSelection() {
        assertThat(Encoding.forArch("amd64")).isEqualTo(Encoding.GENERIC);
        assertThat(Encoding.forArch("aarch64")).isEqualTo(Encoding.GENERIC);
        assertThat(Encoding.forArch("riscv64")).isEqualTo(Encoding.GENERIC);
        assertThat(Encoding.forArch("s390x")).isEqualTo(Encoding.GENERIC);
        assertThat(Encoding.forArch("ppc64le")).isEqualTo(Encoding.THREE_BIT_DIRECTION);
        assertThat(Encoding.forArch("mips64el")).isEqualTo(Encoding.THREE_BIT_DIRECTION);
        assertThat(Encoding.forArch("sparcv9")).isEqualTo(Encoding.THREE_BIT_DIRECTION);
        if (System.getProperty("os.arch").equals("amd64")) {
            assertThat(IoctlCodes.NATIVE).isEqualTo(Encoding.GENERIC);
            assertThat(IfTun.REQ.tunSetIff()).isEqualTo(0x400454CAL);
        }
    }

    @Test
    void otherDirections() {
        // _IO('T', 227) = TUNGETDEVNETNS; _IOWR('T', 1, 8) as a cross-check of the encoder
        assertThat(Encoding.GENERIC.io('T', 227)).isEqualTo(0x54E3L);
        assertThat(Encoding.THREE_BIT_DIRECTION.io('T', 227)).isEqualTo(0x200054E3L);
        assertThat(Encoding.GENERIC.iowr('T', 1, 8)).isEqualTo(0xC0085401L);
    }
}
