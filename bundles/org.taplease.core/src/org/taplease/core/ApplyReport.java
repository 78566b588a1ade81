package org.taplease.core;

import java.util.List;

/**
 * What {@link TapService#applyPools} did to make the system match the declared pools.
 *
 * @param pools one entry per declared pool, in the order declared
 */
public record ApplyReport(List<ApplyReport.Pool> pools) {

    public ApplyReport {
        pools = List.copyOf(pools);
    }

    /**
     * One declared pool.
     *
     * @param pool the pool
     * @param created members created now
     * @param changed what was restored on existing members, one line each ({@code vm0: address 10.77.0.1/30})
     * @param removed free surplus members deleted (the declared count went down)
     * @param kept surplus members kept because they are held, with their holders
     * @param notes other things the administrator should know
     */
    public record Pool(String pool, List<String> created, List<String> changed, List<String> removed,
            List<PoolRemoval.Kept> kept, List<String> notes) {

        public Pool {
            created = List.copyOf(created);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
            kept = List.copyOf(kept);
            notes = List.copyOf(notes);
        }

        /** Whether nothing was changed for this pool. */
        public boolean unchanged() {
            return created.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }
    }

    /** Whether nothing was changed at all. */
    public boolean unchanged() {
        return pools.stream().allMatch(Pool::unchanged);
    }
}
