package org.taplease.ui.internal;

import java.util.List;

/** Keys of the bundle's images: the file names under {@code icons/} (with {@code @2x} variants). */
public final class Images {
    public static final String TAP_DEVICES = "tap_devices";
    public static final String TAP_STATUS = "tap_status";
    public static final String STATE_FREE = "state_free";
    public static final String STATE_HELD = "state_held";
    public static final String STATE_DOWN = "state_down";
    public static final String STATE_MINE = "state_mine";
    public static final String STATE_LEAKED = "state_leaked";
    public static final String PICK = "pick";

    static final List<String> ALL = List.of(TAP_DEVICES, TAP_STATUS, STATE_FREE, STATE_HELD, STATE_DOWN, STATE_MINE,
            STATE_LEAKED, PICK);

    /** The icon of a tap's state, as the views show it. */
    public static String of(TapRow.State state) {
        return switch (state) {
            case FREE -> STATE_FREE;
            case LEAKED -> STATE_LEAKED;
            case HELD -> STATE_HELD;
            case MINE -> STATE_MINE;
            case UNLEASABLE -> STATE_DOWN;
        };
    }

    private Images() {
    }
}
