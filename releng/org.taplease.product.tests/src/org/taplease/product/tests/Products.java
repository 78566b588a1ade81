package org.taplease.product.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.tests.support.Waits;

/** Where the build put the products and the update site, and the test's pool of real taps. */
final class Products {

    /** The DS components through which the UI and launch bundles hold the core's TapService from start-up on. */
    static final List<String> SERVICE_CONSUMERS = List.of("org.taplease.ui.internal.UiTapService",
            "org.taplease.debug.core.internal.LaunchTapService", "org.taplease.debug.ui.internal.TabTapService");

    private Products() {
    }

    static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new AssertionError("system property " + name + " is not set (the test pom sets it)");
        }
        Path p = Paths.get(value).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new AssertionError(name + ": " + p + " does not exist; build it first: ./mvnw install -DskipTests");
        }
        return p;
    }

    /** A fresh directory under target/work (kept for a look after a failure; target is cleaned by the build). */
    static Path workDir(String name) {
        try {
            Path base = Paths.get(System.getProperty("taplease.work", "target/work")).toAbsolutePath();
            Files.createDirectories(base);
            Path dir = base.resolve(name + "-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> pluginNames(Path install) {
        try (Stream<Path> s = Files.list(install.resolve("plugins"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pool of {@code count} root-owned taps in the test namespace; {@link #removePool} takes it away. */
    static List<String> pool(TapService taps, String pool, int count) {
        return taps.provisionPool(new PoolSpec(pool, count, 0, null)).created();
    }

    /** Waits until nothing holds a member of {@code pool}, then deletes the pool's taps. */
    static void removePool(TapService taps, String pool) {
        Waits.until(Duration.ofSeconds(20), "pool " + pool + " to be free",
                () -> taps.pools().stream().filter(p -> p.name().equals(pool)).allMatch(p -> p.held() == 0));
        if (taps.pools().stream().anyMatch(p -> p.name().equals(pool))) {
            taps.removePool(pool);
        }
    }

    /** Deletes a directory tree (a copied installation). */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
