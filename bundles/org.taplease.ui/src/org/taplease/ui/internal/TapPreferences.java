package org.taplease.ui.internal;

import java.util.Comparator;
import java.util.List;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.jface.preference.IPreferenceStore;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;

/**
 * The preferences of the taplease UI (instance scope of {@code org.taplease.ui}). The keys are permanent: renaming
 * one loses users' settings.
 */
public final class TapPreferences {

    /** Pool that leases, the picker and new taps use when none is chosen. */
    public static final String DEFAULT_POOL = "defaultPool";
    /** Template for names of taps created by taplease: {@code {pool}} and one {@code %d}. */
    public static final String NAME_TEMPLATE = "nameTemplate";
    /** Refresh interval of the Tap Devices and device-status views, in milliseconds. */
    public static final String REFRESH_MILLIS = "refreshMillis";
    /** Whether a pool lease may create a tap when none is free (needs CAP_NET_ADMIN). */
    public static final String ALLOW_CREATE = "allowCreate";

    public static final int MIN_REFRESH_MILLIS = 250;
    public static final int MAX_REFRESH_MILLIS = 60_000;
    public static final int DEFAULT_REFRESH_MILLIS = 2_000;

    /** Sets the defaults (registered in plugin.xml). */
    public static final class Initializer extends AbstractPreferenceInitializer {
        @Override
        public void initializeDefaultPreferences() {
            IEclipsePreferences d = DefaultScope.INSTANCE.getNode(TapUiPlugin.ID);
            d.put(DEFAULT_POOL, LeaseRequest.DEFAULT_POOL);
            d.put(NAME_TEMPLATE, LeaseRequest.DEFAULT_TEMPLATE);
            d.putInt(REFRESH_MILLIS, DEFAULT_REFRESH_MILLIS);
            d.putBoolean(ALLOW_CREATE, false);
        }
    }

    public static IPreferenceStore store() {
        return TapUiPlugin.get().getPreferenceStore();
    }

    public static String pool() {
        String p = store().getString(DEFAULT_POOL).trim();
        return p.isEmpty() ? LeaseRequest.DEFAULT_POOL : p;
    }

    /** Whether the user chose a default pool (Tap Devices preferences) other than the built-in one. */
    public static boolean poolChosen() {
        return !store().isDefault(DEFAULT_POOL) && !store().getString(DEFAULT_POOL).isBlank();
    }

    /**
     * The pool to use when the user chose none: of {@code pools}, the only one, or the one with the most free taps
     * (by name on a tie); {@link LeaseRequest#DEFAULT_POOL} when there is none.
     */
    public static String likeliestPool(List<PoolInfo> pools) {
        return pools.stream().max(Comparator.comparingInt(PoolInfo::free)
                .thenComparing(PoolInfo::name, Comparator.reverseOrder())).map(PoolInfo::name)
                .orElse(LeaseRequest.DEFAULT_POOL);
    }

    public static String template() {
        String t = store().getString(NAME_TEMPLATE).trim();
        return t.isEmpty() ? LeaseRequest.DEFAULT_TEMPLATE : t;
    }

    public static int refreshMillis() {
        int ms = store().getInt(REFRESH_MILLIS);
        return Math.max(MIN_REFRESH_MILLIS, Math.min(MAX_REFRESH_MILLIS, ms <= 0 ? DEFAULT_REFRESH_MILLIS : ms));
    }

    public static boolean allowCreate() {
        return store().getBoolean(ALLOW_CREATE);
    }

    /** A pool lease as the preferences say: default pool, template, create if allowed. */
    public static LeaseRequest poolRequest(String pool) {
        return LeaseRequest.fromPool(pool == null ? pool() : pool).withTemplate(template())
                .withCreate(allowCreate());
    }

    private TapPreferences() {
    }
}
