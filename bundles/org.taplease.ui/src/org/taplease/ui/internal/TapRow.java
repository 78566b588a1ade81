package org.taplease.ui.internal;

import java.util.Locale;

import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.ui.views.properties.IPropertySource;
import org.taplease.core.Checkup;
import org.taplease.core.Holder;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapNetwork;

/**
 * One row of the Tap Devices view: a tap as the kernel reported it in one refresh, with rates computed against the
 * previous refresh. Equal by name, so selections survive refreshes. Adapts to {@link IPropertySource} for the
 * Properties view.
 */
public final class TapRow implements IAdaptable {

    /** How the state column shows a tap. */
    public enum State {
        /** No descriptor attached: can be leased. */
        FREE,
        /** Free, persistent and not taplease's: looks leaked ({@link TapInfo#looksLeaked()}). */
        LEAKED,
        /** Attached by a process other than this IDE. */
        HELD,
        /** Leased by this IDE session. */
        MINE,
        /** Multi-queue: never leased exclusively. */
        UNLEASABLE
    }

    private final TapInfo info;
    private final Rates rates;
    private final boolean mine;
    private final String user;
    private final String group;

    /**
     * A row; the owner's and group's names come from {@code names} as cached (never looked up here, so a row can be
     * built on the UI thread): resolve them first ({@link AccountNames#resolve}) off the UI thread.
     */
    public TapRow(TapInfo info, Rates rates, boolean mine, AccountNames names) {
        this.info = info;
        this.rates = rates;
        this.mine = mine;
        this.user = names.user(info.owner());
        this.group = names.group(info.group());
    }

    public TapInfo info() {
        return info;
    }

    public String name() {
        return info.name();
    }

    public Rates rates() {
        return rates;
    }

    /** Whether this IDE session holds the tap. */
    public boolean mine() {
        return mine;
    }

    public State state() {
        if (mine && info.attached()) {
            return State.MINE;
        }
        if (info.attached()) {
            return State.HELD;
        }
        if (info.multiQueue()) {
            return State.UNLEASABLE;
        }
        return info.looksLeaked() ? State.LEAKED : State.FREE;
    }

    /** "free", "held by qemu-system-x86 (pid 42)", "leased by this IDE", "multi-queue"; ", down" if admin down. */
    public String stateText() {
        String s = switch (state()) {
            case MINE -> "leased by this IDE";
            case HELD -> info.describeState();
            case FREE -> "free";
            case LEAKED -> "free, looks leaked";
            case UNLEASABLE -> "multi-queue (not leasable)";
        };
        return info.adminUp() ? s : s + ", down";
    }

    /** "up", "up, no carrier", "down". */
    public String linkText() {
        if (!info.adminUp()) {
            return "down";
        }
        return info.carrier() ? "up" : "up, no carrier";
    }

    /** "user / group" (names as resolved when the row was built), "-" if neither is set. */
    public String ownerText() {
        if (info.owner() == null && info.group() == null) {
            return "-";
        }
        return user + " / " + group;
    }

    /** The owner's name as resolved when the row was built ("-" for none, the uid if it has no name). */
    public String userName() {
        return user;
    }

    /** The group's name as resolved when the row was built ("-" for none, the gid if it has no name). */
    public String groupName() {
        return group;
    }

    public String poolText() {
        return info.pool() == null ? "" : info.pool();
    }

    /** The bridge the tap is a port of with its port count ("br0 (3 ports)"), or "". */
    public String bridgeText() {
        String b = info.network().bridge();
        if (b == null) {
            return "";
        }
        int ports = info.network().bridgePorts();
        return ports <= 0 ? b : b + " (" + ports + (ports == 1 ? " port)" : " ports)");
    }

    /** The row's tool tip: for a tap that looks leaked, why and what to do; else name and state. */
    public String toolTip() {
        if (state() != State.LEAKED) {
            return toString();
        }
        String backend;
        try {
            backend = UiTapService.service().backend();
        } catch (TapException e) {
            backend = "linux";
        }
        return info.name() + " looks leaked: persistent, not taplease's, and nobody holds it.\n"
                + Checkup.leakedTapFix(backend, info.name());
    }

    /**
     * The tap's addresses: "10.77.0.1/30 \u2192 guest 10.77.0.2" for a routed tap (host end on the tap, the guest's
     * beside it), "10.0.0.1/24" for a tap with an address but no guest address beside it, "" for none.
     */
    public String addressesText() {
        return addresses(info.network());
    }

    /** {@link #addressesText()} of a network. */
    public static String addresses(TapNetwork n) {
        if (n.hostAddress() == null) {
            return "";
        }
        String host = n.hostAddress() + "/" + n.prefix();
        return n.guestAddress() == null ? host : host + " \u2192 guest " + n.guestAddress();
    }

    /** The host address as an unsigned number for sorting (-1 if none), so 10.0.0.9 sorts before 10.0.0.10. */
    public long hostAddressOrder() {
        String a = info.network().hostAddress();
        if (a == null) {
            return -1;
        }
        long v = 0;
        for (String part : a.split("\\.")) {
            try {
                v = v << 8 | Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return -1; // not dotted IPv4: sorts with "none"
            }
        }
        return v;
    }

    /** Holders' commands, for filtering and the Properties view. */
    public String holdersText() {
        StringBuilder b = new StringBuilder();
        for (Holder h : info.holders()) {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(h.command()).append(" (pid ").append(h.pid()).append(')');
        }
        return b.toString();
    }

    /** Whether the row matches a filter text: a case-insensitive substring of any shown field or a holder. */
    public boolean matches(String filterLowerCase) {
        if (filterLowerCase.isEmpty()) {
            return true;
        }
        for (String field : new String[] { info.name(), stateText(), poolText(), info.mac(), ownerText(),
                holdersText(), linkText(), bridgeText(), addressesText() }) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(filterLowerCase)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IPropertySource.class) {
            return adapter.cast(new TapPropertySource(this));
        }
        return null;
    }

    /**
     * Rows are equal when they show the same state of the same tap: a row with new counters, holders or lease is a
     * different selection, so the Properties view (which ignores a selection equal to its current one) follows it.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TapRow r && r.mine == mine && r.info.equals(info);
    }

    @Override
    public int hashCode() {
        return info.name().hashCode();
    }

    @Override
    public String toString() {
        return info.name() + " (" + stateText() + ")";
    }
}
