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

    @Test
    void ordersNamesNaturallyAsTheRegexVersionDid() {
        java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("tap10", "tap2", "tap1", "tap",
                "tap0", "tap00", "tap01x", "tap1x", "br0.10", "br0.9", "a", "vm-9", "vm-10", "tap\u0663"));
        names.sort(TapNames::compare);
        assertThat(names).containsExactly("a", "br0.9", "br0.10", "tap", "tap0", "tap00", "tap1", "tap01x", "tap1x",
                "tap2", "tap\u0663", "tap10", "vm-9", "vm-10");
        // the same answers as the comparison before it stopped using regular expressions, on many random names
        java.util.Random r = new java.util.Random(42);
        String alphabet = "ab0123456789.-\u0663";
        for (int i = 0; i < 200_000; i++) {
            String a = random(r, alphabet);
            String b = random(r, alphabet);
            assertThat(Integer.signum(TapNames.compare(a, b))).as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(regexCompare(a, b)));
        }
    }

    private static String random(java.util.Random r, String alphabet) {
        StringBuilder b = new StringBuilder();
        for (int n = r.nextInt(7); n > 0; n--) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** The comparison as it was, with a regular expression per run of digits. */
    private static int regexCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
