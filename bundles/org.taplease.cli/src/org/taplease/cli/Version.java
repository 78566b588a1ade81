package org.taplease.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;

import picocli.CommandLine.IVersionProvider;

/** {@code taplease --version}: the bundle version and the backend. */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] { "taplease " + bundleVersion(),
                "backend: " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + " ("
                        + backend(System.getProperty("os.name", "")) + ")",
                "The FreeBSD backend has not yet run on a FreeBSD kernel in taplease's CI (its tests in CI use a"
                        + " model of the FreeBSD tap driver); docs/freebsd.md gives the commands to run them on FreeBSD.",
                "Java " + System.getProperty("java.version") };
    }

    static String backend(String os) {
        if (os.startsWith("Linux")) {
            return "Linux backend";
        }
        if (os.startsWith("FreeBSD")) {
            return "FreeBSD backend, not yet run on a FreeBSD kernel in CI";
        }
        return "no backend";
    }

    static String bundleVersion() {
        try {
            URL self = Version.class.getProtectionDomain().getCodeSource().getLocation();
            URL mf = java.net.URI.create(self.toString().endsWith(".jar") ? "jar:" + self + "!/META-INF/MANIFEST.MF"
                    : self + "META-INF/MANIFEST.MF").toURL();
            try (InputStream in = mf.openStream()) {
                String v = new Manifest(in).getMainAttributes().getValue("Bundle-Version");
                return v != null ? v : "unknown";
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
