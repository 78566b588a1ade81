package org.taplease.core.tests.support;

import org.taplease.core.internal.engine.KernelException;
import org.taplease.core.internal.linux.LinuxKernel;

/**
 * A separate process that calls the Linux kernel seam's network calls, for tests that run it without privileges.
 * Prints one line: {@code OK} or {@code ERR FAILURE errno operation detail}.
 * <ul>
 * <li>{@code mtu NAME INDEX MTU}: {@code setMtu}.</li>
 * <li>{@code address NAME INDEX ADDRESS PREFIX}: {@code addAddress} (address as a host-order int).</li>
 * </ul>
 */
public final class NetworkWorker {

    public static void main(String[] args) {
        LinuxKernel k = new LinuxKernel();
        try {
            switch (args[0]) {
            case "mtu" -> k.setMtu(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "address" -> k.addAddress(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
            }
            System.out.println("OK");
        } catch (KernelException e) {
            System.out.println("ERR " + e.failure() + " " + e.errno() + " " + e.operation() + " " + e.detail());
        }
    }

    private NetworkWorker() {
    }
}
