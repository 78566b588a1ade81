package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.cli.Main;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Unprivileged;

import org.snakeyaml.engine.v2.api.LoadSettings;

import com.google.gson.Gson;
import com.sun.jna.Native;

import picocli.CommandLine;

/**
 * Exit code 77 and its one-line fixes, for both permission gates, as user nobody without capabilities (a node of
 * /dev/net/tun with the mode under test is bind-mounted in a mount namespace of the child's own).
 */
@ExtendWith(NoLeaks.class)
class PermissionExitCodeTest {

    private final TapService taps = TapServices.forPlatform();
    private Unprivileged sandbox;

    @BeforeEach
    void copyClassPath() throws IOException {
        sandbox = new Unprivileged("taplease-perm-", Main.class, TapService.class, Native.class, CommandLine.class,
                Gson.class, LoadSettings.class);
    }

    @AfterEach
    void cleanup() throws IOException {
        Kernel.removeAllPools(taps);
        sandbox.close();
    }

    private Kernel.Result asNobody(String tunMode, String... args) {
        return sandbox.run(65534, 65534, tunMode, sandbox.java(Main.class.getName(), args));
    }

    @Test
    void permissionErrorsExitWith77AndSayTheFix() {
        taps.provisionPool(new PoolSpec("pe", 1, 4321, null));
        var before = Kernel.linkState();
        Kernel.Result owned = asNobody("0666", "run", "--pool", "pe", "--", "true");
        assertThat(owned.code()).as(owned.err()).isEqualTo(77);
        assertThat(owned.err()).startsWith("taplease: pe0: not allowed to attach: the tap belongs to user")
                .contains("Fix: lease from a pool owned by your user").hasLineCount(1);
        Kernel.Result closed = asNobody("0600", "run", "--pool", "pe", "--", "true");
        assertThat(closed.code()).as(closed.err()).isEqualTo(77);
        assertThat(closed.err()).startsWith("taplease: /dev/net/tun: you may not open the tun/tap device node")
                .contains("chmod 0666").hasLineCount(1);
        Kernel.Result create = asNobody("0666", "pool", "create", "--name", "np", "--count", "1");
        assertThat(create.code()).as(create.err()).isEqualTo(77);
        assertThat(create.err()).contains("creating taps needs CAP_NET_ADMIN").contains("sudo taplease pool create")
                .hasLineCount(1);
        Kernel.Result list = asNobody("0600", "list");
        assertThat(list.code()).as("listing needs no privilege").isZero();
        assertThat(list.out()).contains("pe0").contains("free");
        assertThat(Kernel.linkState()).isEqualTo(before);
    }
}
