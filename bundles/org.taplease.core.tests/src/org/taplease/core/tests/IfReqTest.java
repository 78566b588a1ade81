package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.taplease.core.internal.jna.IfReq;

import com.sun.jna.Native;

/** struct ifreq must be as large as the kernel's, or TUNGETIFF writes past it. */
class IfReqTest {

    @Test
    void sizeIsTheKernelsSize() {
        IfReq r = new IfReq("tap0", (short) 0x1002);
        int expected = Native.LONG_SIZE == 8 ? 40 : 32;
        assertThat(r.size()).isEqualTo(expected);
        assertThat(IfReq.SIZE).isEqualTo(expected);
        assertThat(r.flagsOffset()).isEqualTo(16).isEqualTo(IfReq.FLAGS_OFFSET);
    }

    @Test
    void nameAndFlagsAreWhereTheKernelReadsThem() {
        IfReq r = new IfReq("tap0", (short) 0x1002);
        r.write();
        byte[] raw = r.getPointer().getByteArray(0, r.size());
        assertThat(new String(raw, 0, 4)).isEqualTo("tap0");
        assertThat(raw[4]).isZero();
        assertThat(r.getPointer().getShort(16)).isEqualTo((short) 0x1002);
        assertThat(r.name()).isEqualTo("tap0");
    }

    @Test
    void longestNameFitsWithItsNul() {
        assertThat(new IfReq("abcdefghijklmno", (short) 0).name()).isEqualTo("abcdefghijklmno");
        assertThatThrownBy(() -> new IfReq("abcdefghijklmnop", (short) 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
