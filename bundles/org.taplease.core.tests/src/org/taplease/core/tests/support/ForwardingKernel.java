package org.taplease.core.tests.support;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.taplease.core.Holder;
import org.taplease.core.PoolSpec;
import org.taplease.core.internal.engine.KernelLink;
import org.taplease.core.internal.engine.TapKernel;

/** A kernel that forwards every call to a real one; tests override the calls they replay or count. */
public class ForwardingKernel implements TapKernel {

    protected final TapKernel real;

    public ForwardingKernel(TapKernel real) {
        this.real = real;
    }

    @Override
    public String backend() {
        return real.backend();
    }

    @Override
    public List<KernelLink> links(boolean stats) {
        return real.links(stats);
    }

    @Override
    public KernelLink link(String name) {
        return real.link(name);
    }

    @Override
    public LinkMonitor monitor() {
        return real.monitor();
    }

    @Override
    public int index(String name) {
        return real.index(name);
    }

    @Override
    public int attach(String name, int index, boolean vnetHdr, boolean listedAsTap) {
        return real.attach(name, index, vnetHdr, listedAsTap);
    }

    @Override
    public void close(int fd) {
        real.close(fd);
    }

    @Override
    public boolean namesNewTaps() {
        return real.namesNewTaps();
    }

    @Override
    public Created create(String name, String label, Integer owner, Integer group, boolean keepAddresses,
            boolean vnetHdr) {
        return real.create(name, label, owner, group, keepAddresses, vnetHdr);
    }

    @Override
    public boolean destroyLeavesWindow() {
        return real.destroyLeavesWindow();
    }

    @Override
    public void destroy(int fd, String name) {
        real.destroy(fd, name);
    }

    @Override
    public Map<String, List<Holder>> holders(Set<String> names) {
        return real.holders(names);
    }

    @Override
    public boolean mayAttach(int uid, KernelLink link) {
        return real.mayAttach(uid, link);
    }

    @Override
    public int uid() {
        return real.uid();
    }

    @Override
    public List<String> provisionNotes(PoolSpec spec, List<String> created) {
        return real.provisionNotes(spec, created);
    }

    @Override
    public String name(int index) {
        return real.name(index);
    }

    @Override
    public List<Address> addresses() {
        return real.addresses();
    }

    @Override
    public List<Route> routes() {
        return real.routes();
    }

    @Override
    public void addAddress(String name, int index, int address, int prefix) {
        real.addAddress(name, index, address, prefix);
    }

    @Override
    public void removeAddress(String name, int index, int address, int prefix) {
        real.removeAddress(name, index, address, prefix);
    }

    @Override
    public void setMtu(String name, int index, int mtu) {
        real.setMtu(name, index, mtu);
    }

    @Override
    public void setMac(String name, int index, byte[] mac) {
        real.setMac(name, index, mac);
    }

    @Override
    public void setMaster(String name, int index, int from, int to) {
        real.setMaster(name, index, from, to);
    }

    @Override
    public void setOwnership(int fd, String name, Integer owner, Integer group) {
        real.setOwnership(fd, name, owner, group);
    }

    @Override
    public void setLabel(String name, int index, String label) {
        real.setLabel(name, index, label);
    }
}
