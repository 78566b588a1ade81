package org.taplease.core.internal;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

/** The {@link TapService} as an OSGi Declarative Services component: the platform's backend. */
@Component(service = TapService.class)
public final class TapServiceComponent implements TapService {

    private TapService delegate;

    @Activate
    void activate() {
        delegate = TapServices.forPlatform();
    }

    @Override
    public List<TapInfo> inventory(boolean withHolders) {
        return delegate.inventory(withHolders);
    }

    @Override
    public Optional<TapInfo> tap(String name, boolean withHolders) {
        return delegate.tap(name, withHolders);
    }

    @Override
    public TapLease lease(LeaseRequest request) {
        return delegate.lease(request);
    }

    @Override
    public PoolReport provisionPool(PoolSpec spec) {
        return delegate.provisionPool(spec);
    }

    @Override
    public List<PoolInfo> pools() {
        return delegate.pools();
    }

    @Override
    public PoolRemoval removePool(String pool) {
        return delegate.removePool(pool);
    }

    @Override
    public void deleteTap(String name) {
        delegate.deleteTap(name);
    }

    @Override
    public String backend() {
        return delegate.backend();
    }
}
