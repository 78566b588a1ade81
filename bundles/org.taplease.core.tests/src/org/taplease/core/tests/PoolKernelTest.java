package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

/** Provisioning, topping up and removing pools of real persistent taps. */
@ExtendWith(NoLeaks.class)
class PoolKernelTest {

    private final TapService taps = TapServices.forPlatform();

    @Test
    void provisionTopUpAndRemoveKeepingHeldTaps() {
        PoolReport r = taps.provisionPool(new PoolSpec("pk", 3, 1500, 1600));
        assertThat(r.created()).containsExactly("pk0", "pk1", "pk2");
        assertThat(r.existing()).isEmpty();
        for (String n : r.created()) {
            TapInfo t = taps.tap(n, false).orElseThrow();
            assertThat(t.persistent()).isTrue();
            assertThat(t.owner()).isEqualTo(1500);
            assertThat(t.group()).isEqualTo(1600);
            assertThat(t.alias()).isEqualTo("taplease:pool=pk member=" + n.substring(2));
            assertThat(t.adminUp()).isTrue();
        }
        PoolReport again = taps.provisionPool(new PoolSpec("pk", 5, 1500, 1600));
        assertThat(again.existing()).containsExactly("pk0", "pk1", "pk2");
        assertThat(again.created()).containsExactly("pk3", "pk4");
        PoolReport same = taps.provisionPool(new PoolSpec("pk", 2, 1500, 1600));
        assertThat(same.created()).isEmpty();
        assertThat(taps.pools()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("pk");
            assertThat(p.members()).hasSize(5);
            assertThat(p.free()).isEqualTo(5);
            assertThat(p.owner()).isEqualTo(1500);
            assertThat(p.group()).isEqualTo(1600);
        });
        PoolRemoval removal;
        try (TapLease held = taps.lease(LeaseRequest.named("pk1"))) {
            removal = taps.removePool("pk");
            assertThat(removal.deleted()).containsExactly("pk0", "pk2", "pk3", "pk4");
            assertThat(removal.kept()).singleElement().satisfies(k -> {
                assertThat(k.name()).isEqualTo("pk1");
                assertThat(k.holders()).extracting(h -> (long) h.pid()).containsExactly(ProcessHandle.current().pid());
            });
            assertThat(Kernel.links()).contains("pk1").doesNotContain("pk0", "pk2", "pk3", "pk4");
        }
        assertThat(taps.removePool("pk").deleted()).containsExactly("pk1");
        assertThat(Kernel.links()).doesNotContain("pk1");
    }

    @Test
    void neverDeletesOrTouchesTapsItDidNotCreate() {
        Kernel.run("ip", "tuntap", "add", "dev", "nt1", "mode", "tap");
        try {
            taps.provisionPool(new PoolSpec("nt", 2, null, null));
            // nt1 existed without taplease's label: it is skipped, not adopted
            assertThat(taps.pools()).singleElement().satisfies(p -> assertThat(p.members()).containsExactly("nt0", "nt2"));
            var foreign = Kernel.linkState().stream().filter(s -> s.contains(" nt1 ")).toList();
            assertThatThrownBy(() -> taps.deleteTap("nt1")).hasFieldOrPropertyWithValue("reason", Reason.PERMISSION)
                    .hasMessageContaining("not a taplease tap");
            assertThat(taps.removePool("nt").deleted()).containsExactly("nt0", "nt2");
            assertThat(Kernel.linkState().stream().filter(s -> s.contains(" nt1 ")).toList()).isEqualTo(foreign);
        } finally {
            Kernel.run("ip", "tuntap", "del", "dev", "nt1", "mode", "tap");
        }
    }

    @Test
    void deleteTapRemovesOneFreeTapleaseTap() {
        taps.provisionPool(new PoolSpec("dt", 2, null, null));
        try (TapLease l = taps.lease(LeaseRequest.named("dt0"))) {
            assertThatThrownBy(() -> taps.deleteTap("dt0")).hasFieldOrPropertyWithValue("reason", Reason.BUSY);
        }
        taps.deleteTap("dt0");
        assertThat(Kernel.links()).doesNotContain("dt0").contains("dt1");
        taps.removePool("dt");
    }

    @Test
    void badPoolRequestsChangeNothing() {
        var before = Kernel.linkState();
        assertThatThrownBy(() -> taps.provisionPool(new PoolSpec("bad pool", 1, null, null)))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_NAME);
        assertThatThrownBy(() -> taps.provisionPool(new PoolSpec("ok", 0, null, null)))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_REQUEST);
        assertThatThrownBy(() -> taps.provisionPool(new PoolSpec("ok", 1, null, null, "no-number")))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_REQUEST);
        assertThatThrownBy(() -> taps.removePool("absent")).hasFieldOrPropertyWithValue("reason", Reason.NOT_FOUND);
        assertThat(Kernel.linkState()).isEqualTo(before);
    }
}
