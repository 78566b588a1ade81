package org.taplease.core.internal;

import java.util.List;
import java.util.Optional;

import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;

/** The service on an operating system without a backend: every call says so. */
public final class UnsupportedTapService implements TapService {

    private final String os;

    public UnsupportedTapService(String os) {
        this.os = os;
    }

    private TapException unsupported() {
        return new TapException(TapException.Reason.UNSUPPORTED_PLATFORM, null,
                "taplease has no tap backend for " + os, "use Linux or FreeBSD");
    }

    @Override
    public List<TapInfo> inventory(boolean withHolders) {
        throw unsupported();
    }

    @Override
    public Optional<TapInfo> tap(String name, boolean withHolders) {
        throw unsupported();
    }

    @Override
    public TapLease lease(LeaseRequest request) {
        throw unsupported();
    }

    @Override
    public PoolReport provisionPool(PoolSpec spec) {
        throw unsupported();
    }

    @Override
    public List<PoolInfo> pools() {
        throw unsupported();
    }

    @Override
    public PoolRemoval removePool(String pool) {
        throw unsupported();
    }

    @Override
    public void deleteTap(String name) {
        throw unsupported();
    }

    @Override
    public String backend() {
        return "unsupported (" + os + ")";
    }
}
