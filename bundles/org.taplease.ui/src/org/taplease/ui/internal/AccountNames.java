package org.taplease.ui.internal;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.taplease.core.Accounts;
import org.taplease.core.TapInfo;

/**
 * User and group names of taps' owners and groups for the views, resolved off the UI thread.
 * <p>
 * A name lookup ({@code getpwuid(3)}, {@code getgrgid(3)}) goes through NSS and may ask LDAP or SSSD over the network:
 * tens of milliseconds each, or seconds when the directory is slow. So the jobs that read taps call
 * {@link #resolve(Collection)} before they build rows, and the UI thread only reads what is cached ({@link #user},
 * {@link #group}: a map lookup, the number while a name is not resolved yet). Names are kept for the session: a uid
 * renamed in the directory shows its old name until the IDE restarts.
 */
public final class AccountNames {

    /** Looks names up; the system's by default, a slow or counting one in tests. Returns null for an unknown id. */
    public interface Resolver {
        String user(int uid);

        String group(int gid);
    }

    /** The C library's lookups (NSS): may block. */
    static final Resolver SYSTEM = new Resolver() {
        @Override
        public String user(int uid) {
            return Accounts.user(uid);
        }

        @Override
        public String group(int gid) {
            return Accounts.group(gid);
        }
    };

    private final Map<Integer, String> users = new ConcurrentHashMap<>();
    private final Map<Integer, String> groups = new ConcurrentHashMap<>();
    private volatile Resolver resolver = SYSTEM;

    /**
     * Looks up the names of the owners and groups of {@code taps} that are not cached yet. Blocks for as long as the
     * lookups take: call it from a job, never from the UI thread.
     */
    public void resolve(Collection<TapInfo> taps) {
        Resolver r = resolver;
        for (TapInfo t : taps) {
            Integer uid = t.owner();
            if (uid != null && !users.containsKey(uid)) {
                String n = r.user(uid);
                users.put(uid, n == null ? uid.toString() : n);
            }
            Integer gid = t.group();
            if (gid != null && !groups.containsKey(gid)) {
                String n = r.group(gid);
                groups.put(gid, n == null ? gid.toString() : n);
            }
        }
    }

    /** The user name of {@code uid} if resolved, else the number; "-" for none. Never blocks. */
    public String user(Integer uid) {
        return uid == null ? "-" : users.getOrDefault(uid, uid.toString());
    }

    /** The group name of {@code gid} if resolved, else the number; "-" for none. Never blocks. */
    public String group(Integer gid) {
        return gid == null ? "-" : groups.getOrDefault(gid, gid.toString());
    }

    /**
     * Replaces the resolver and forgets every cached name (tests: a deliberately slow resolver that records the
     * threads it is called on). Returns the previous resolver.
     */
    public Resolver setResolver(Resolver r) {
        Resolver old = resolver;
        resolver = r == null ? SYSTEM : r;
        users.clear();
        groups.clear();
        return old;
    }
}
