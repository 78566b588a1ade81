package org.taplease.ui.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.taplease.core.LinkStats;
import org.taplease.core.TapInfo;

/** Turns successive inventories into rows with per-second rates (keyed by ifindex, so a re-created tap starts at 0). */
public final class RateTracker {

    private record Sample(long nanos, String name, LinkStats stats) {
    }

    private Map<Integer, Sample> last = new HashMap<>();

    /**
     * Rows for an inventory taken at {@code nanos} ({@link System#nanoTime()}); {@code mine}: this IDE's leases. Looks
     * up the owners' and groups' names not known yet ({@link AccountNames#resolve}): call it off the UI thread.
     */
    public synchronized List<TapRow> rows(List<TapInfo> inventory, Set<String> mine, long nanos, AccountNames names) {
        names.resolve(inventory);
        Map<Integer, Sample> next = new HashMap<>(inventory.size() * 2);
        List<TapRow> rows = new ArrayList<>(inventory.size());
        for (TapInfo t : inventory) {
            Sample prev = last.get(t.ifindex());
            Rates r = prev != null && prev.name().equals(t.name())
                    ? Rates.between(prev.stats(), t.stats(), nanos - prev.nanos()) : Rates.NONE;
            next.put(t.ifindex(), new Sample(nanos, t.name(), t.stats()));
            rows.add(new TapRow(t, r, mine.contains(t.name()), names));
        }
        last = next;
        return rows;
    }
}
