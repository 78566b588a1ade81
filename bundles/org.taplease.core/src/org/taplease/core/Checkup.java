package org.taplease.core;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The set-up checks of {@link TapService#checkup()} ({@code taplease doctor}): one line each, with the exact fix
 * where one is needed. {@link Status#FAIL} means something taplease needs does not work for this user here;
 * {@link Status#WARN} is worth a look but does not stop taplease from working (a tap that looks leaked, a pools unit
 * that is not enabled, a device node other users cannot open); {@link #healthy()} is true without a FAIL.
 *
 * @param checks the checks in a stable order: the device node, the driver, the pools, the hand-over locks, taps that
 *        look leaked, the pools unit, the JDK
 * @since 1.2
 */
public record Checkup(List<Check> checks) {

    /** The command that creates a first pool, as the empty {@code list} and the empty Tap Devices view show it. */
    public static final String FIRST_POOL_COMMAND = "sudo taplease pool create --name taplease --count 4 --owner $USER";
    /** What the empty {@code list} and the empty Tap Devices view say before {@link #FIRST_POOL_COMMAND}. */
    public static final String NO_TAPS = "No taps in this network namespace. Create a pool once as root:";

    public Checkup {
        checks = List.copyOf(checks);
    }

    /** How a check came out. */
    public enum Status {
        OK, WARN, FAIL
    }

    /**
     * One check.
     *
     * @param id what was checked, stable for scripts: {@code tun-device}, {@code tun-driver}, {@code pools},
     *        {@code pool:NAME}, {@code handoff-locks}, {@code handoff-lock:PATH}, {@code leaked-taps},
     *        {@code leaked:NAME}, {@code pools-unit}, {@code jdk}
     * @param status how it came out
     * @param summary one line: what was found
     * @param fix the exact command or step that fixes it, or null where nothing is to fix
     */
    public record Check(String id, Status status, String summary, @Nullable String fix) {
    }

    /** Whether no check failed (warnings allowed). */
    public boolean healthy() {
        return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
    }

    /** The checks with this status. */
    public List<Check> with(Status status) {
        return checks.stream().filter(c -> c.status() == status).toList();
    }

    /**
     * The advice for a tap that looks leaked ({@link TapInfo#looksLeaked()}) on the platform {@code backend}
     * ({@link TapService#backend()}): taplease never deletes an interface that is not its own, so this is only the
     * system's command for an administrator who knows nobody needs the tap.
     */
    public static String leakedTapFix(String backend, String tap) {
        String delete = "freebsd".equals(backend) ? "sudo ifconfig " + tap + " destroy" : "sudo ip link delete " + tap;
        return "if nobody needs it, delete it: " + delete + " (taplease never deletes a tap that is not its own)";
    }
}
