package org.taplease.ui.internal.handlers;

import org.taplease.ui.internal.PoolDialog;

/** Creates one persistent tap in a pool (the pool grows by one; its owner and group apply). */
public final class CreateTapHandler extends ProvisionPoolHandler {

    @Override
    PoolDialog.Mode mode() {
        return PoolDialog.Mode.ONE_TAP;
    }
}
