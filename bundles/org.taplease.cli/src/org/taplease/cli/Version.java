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
                "backend: " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                        + (System.getProperty("os.name", "").startsWith("Linux") ? " (Linux backend)"
                                : " (no backend)"),
                "Java " + System.getProperty("java.version") };
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
