package org.taplease.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.taplease.core.Holder;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.internal.engine.KernelLink;
import org.taplease.core.internal.engine.TapKernel;

/** The kernel of an operating system taplease has no backend for: every call says so. */
public final class UnsupportedKernel implements TapKernel {

    private final String os;

    public UnsupportedKernel(String os) {
        this.os = os;
    }

    private TapException unsupported() {
        return new TapException(TapException.Reason.UNSUPPORTED_PLATFORM, null,
                "taplease has no tap backend for " + os, "use Linux or FreeBSD");
    }

    @Override
    public String backend() {
        return "unsupported (" + os + ")";
    }

    @Override
    public List<KernelLink> links(boolean stats) {
        throw unsupported();
    }

    @Override
    public KernelLink link(String name) {
        throw unsupported();
    }

    @Override
    public LinkMonitor monitor() {
        throw unsupported();
    }

    @Override
    public int index(String name) {
        throw unsupported();
    }

    @Override
    public int attach(String name, int index, boolean vnetHdr, boolean listedAsTap) {
        throw unsupported();
    }

    @Override
    public void close(int fd) {
        throw unsupported();
    }

    @Override
    public boolean namesNewTaps() {
        return false;
    }

    @Override
    public Created create(String name, String label, Integer owner, Integer group, boolean keepAddresses,
            boolean vnetHdr) {
        throw unsupported();
    }

    @Override
    public boolean destroyLeavesWindow() {
        return false;
    }

    @Override
    public void destroy(int fd, String name) {
        throw unsupported();
    }

    @Override
    public Map<String, List<Holder>> holders(Set<String> names) {
        throw unsupported();
    }

    @Override
    public boolean mayAttach(int uid, KernelLink link) {
        return false;
    }

    @Override
    public int uid() {
        return -1;
    }

    @Override
    public List<String> provisionNotes(PoolSpec spec, List<String> created) {
        return List.of();
    }

    @Override
    public String name(int index) {
        throw unsupported();
    }

    @Override
    public List<Address> addresses() {
        throw unsupported();
    }

    @Override
    public List<Route> routes() {
        throw unsupported();
    }

    @Override
    public void addAddress(String name, int index, int address, int prefix) {
        throw unsupported();
    }

    @Override
    public void removeAddress(String name, int index, int address, int prefix) {
        throw unsupported();
    }

    @Override
    public void setMtu(String name, int index, int mtu) {
        throw unsupported();
    }

    @Override
    public void setMac(String name, int index, byte[] mac) {
        throw unsupported();
    }

    @Override
    public void setMaster(String name, int index, int from, int to) {
        throw unsupported();
    }

    @Override
    public void setOwnership(int fd, String name, Integer owner, Integer group) {
        throw unsupported();
    }

    @Override
    public void setLabel(String name, int index, String label) {
        throw unsupported();
    }
}
