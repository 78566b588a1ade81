package org.taplease.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code taplease --version}: the version and build, the backend for this system and the Java it runs on. A caveat
 * about a backend is shown only on the system it concerns.
 */
public final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return lines(bundleVersion(), System.getProperty("os.name", ""), System.getProperty("os.version", ""),
                System.getProperty("os.arch", ""), Runtime.version().toString(),
                System.getProperty("java.vendor", ""), System.getProperty("java.home", ""));
    }

    /** The lines of {@code --version} for a bundle version (with its build qualifier), a system and a Java. */
    public static String[] lines(String bundleVersion, String os, String osVersion, String arch, String java,
            String javaVendor, String javaHome) {
        List<String> l = new ArrayList<>();
        l.add("taplease " + release(bundleVersion));
        String system = os + " " + osVersion + " " + arch;
        if (os.startsWith("Linux")) {
            l.add("Linux backend (" + system + ")");
        } else if (os.startsWith("FreeBSD")) {
            l.add("FreeBSD backend (" + system + "): not yet run on a FreeBSD kernel in taplease's CI,");
            l.add("whose tests use a model of the FreeBSD tap driver (docs/freebsd.md)");
        } else {
            l.add("no backend for " + system + ": taplease runs on Linux and FreeBSD");
        }
        l.add("Java " + java + (javaVendor.isEmpty() ? "" : " (" + javaVendor + ")")
                + (javaHome.isEmpty() ? "" : " in " + javaHome));
        return l.toArray(String[]::new);
    }

    /** {@code 0.1.0, built 2026-11-30 13:27 UTC} from {@code 0.1.0.202611301327} (Tycho's UTC build qualifier). */
    static String release(String bundleVersion) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d+\\.\\d+\\.\\d+)\\.(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})").matcher(bundleVersion);
        if (!m.matches()) {
            return bundleVersion;
        }
        return m.group(1) + ", built " + m.group(2) + "-" + m.group(3) + "-" + m.group(4) + " " + m.group(5) + ":"
                + m.group(6) + " UTC";
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
