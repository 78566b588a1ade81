package org.taplease.core.tests.support;

import java.nio.file.Path;
import java.util.stream.Collectors;

import org.taplease.core.PoolDeclarations;
import org.taplease.core.TapException;

/**
 * A separate process for the pool declaration tests (another user, another environment). Prints one line:
 * <ul>
 * <li>{@code load DIR}: {@code OK pool,pool} or {@code ERR REASON message};</li>
 * <li>{@code default-dir}: {@link PoolDeclarations#defaultDir()}.</li>
 * </ul>
 */
public final class DeclarationsWorker {

    public static void main(String[] args) {
        switch (args[0]) {
        case "load" -> {
            try {
                System.out.println("OK " + PoolDeclarations.load(Path.of(args[1])).stream()
                        .map(d -> d.spec().name()).collect(Collectors.joining(",")));
            } catch (TapException e) {
                System.out.println("ERR " + e.reason() + " " + e.getMessage());
            }
        }
        case "default-dir" -> System.out.println(PoolDeclarations.defaultDir());
        default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private DeclarationsWorker() {
    }
}
