package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.taplease.core.TapException;
import org.taplease.core.TapNames;

class TapNamesTest {

    @ParameterizedTest
    @ValueSource(strings = { "tap0", "vm-net.1", "a", "abcdefghijklmno", "TAP_9" })
    void acceptsPlainNames(String name) {
        assertThat(TapNames.requireValidInterface(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "abcdefghijklmnop", "a/b", "a b", "a:b", ".", "..", "-x", "tap\n0", "t\u00e4p" })
    void rejectsOddNames(String name) {
        assertThatThrownBy(() -> TapNames.requireValidInterface(name)).isInstanceOfSatisfying(TapException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(TapException.Reason.INVALID_NAME);
                    assertThat(e.getMessage()).contains("invalid interface name").contains("Fix:");
                });
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> TapNames.requireValidInterface(null)).isInstanceOf(TapException.class);
    }

    @Test
    void poolNamesLeaveRoomForNumbers() {
        assertThat(TapNames.requireValidPool("abcdefghijk")).isEqualTo("abcdefghijk");
        for (String bad : new String[] { "", "abcdefghijkl", "1abc", "a.b", "a b" }) {
            assertThatThrownBy(() -> TapNames.requireValidPool(bad)).isInstanceOf(TapException.class)
                    .hasMessageContaining("invalid pool name");
        }
    }

    @Test
    void templates() {
        assertThat(TapNames.expand("{pool}%d", "vm", 12)).isEqualTo("vm12");
        assertThat(TapNames.requireValidTemplate("x{pool}-%d", "vm")).isEqualTo("x{pool}-%d");
        assertThatThrownBy(() -> TapNames.requireValidTemplate("{pool}", "vm")).isInstanceOf(TapException.class)
                .hasMessageContaining("%d");
        assertThatThrownBy(() -> TapNames.requireValidTemplate("%d%d", "vm")).isInstanceOf(TapException.class);
        assertThatThrownBy(() -> TapNames.requireValidTemplate("{pool}/%d", "vm")).isInstanceOf(TapException.class);
    }
}
