package io.fraisier.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What this build is: the version and the commit it was built from, read from the
 * {@code version.properties} the build generates (git-commit-id-maven-plugin). The build time is
 * deliberately absent so that rebuilding one commit gives identical jars; the commit time stands in.
 *
 * @param version the project version
 * @param commit abbreviated commit id, or null when built outside a git checkout
 * @param commitTime ISO-8601 commit time, or null
 * @param dirty the working tree had uncommitted changes
 */
public record VersionInfo(
        String version, @Nullable String commit, @Nullable String commitTime, boolean dirty) {
    static final String RESOURCE = "version.properties";

    public static VersionInfo load() {
        Properties p = new Properties();
        try (InputStream in = open()) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the fraisier-cli jar", e);
        }
        String version = blankToNull(p.getProperty("git.build.version"));
        if (version == null) {
            version = VersionInfo.class.getPackage().getImplementationVersion();
        }
        return new VersionInfo(
                version == null ? "unknown" : version,
                blankToNull(p.getProperty("git.commit.id.abbrev")),
                blankToNull(p.getProperty("git.commit.time")),
                Boolean.parseBoolean(p.getProperty("git.dirty")));
    }

    /**
     * The resource, read straight from this class's jar when it is one: a lone {@code fraisier --version}
     * runs without the AOT cache, and {@code getResourceAsStream} opens it through a {@code jar:} URL, whose
     * connection classes (some 15, none in the JDK's own archive) and method handles cost it a quarter of its
     * time over a JVM's start. The JVM shares the jar's opened directory, so this reads no more of the file.
     * Anywhere else (a classes folder, another kind of location), the resource as usual.
     */
    private static @Nullable InputStream open() throws IOException {
        java.security.CodeSource source =
                VersionInfo.class.getProtectionDomain().getCodeSource();
        java.net.URL location = source == null ? null : source.getLocation();
        if (location != null
                && "file".equals(location.getProtocol())
                && location.getPath().endsWith(".jar")) {
            java.util.zip.ZipFile jar;
            try {
                jar = new java.util.zip.ZipFile(new java.io.File(location.toURI()));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return VersionInfo.class.getResourceAsStream(RESOURCE);
            }
            java.util.zip.ZipEntry entry = jar.getEntry("io/fraisier/cli/" + RESOURCE);
            if (entry == null) {
                jar.close();
                return null;
            }
            byte[] bytes;
            try (jar;
                    InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
            return new java.io.ByteArrayInputStream(bytes);
        }
        return VersionInfo.class.getResourceAsStream(RESOURCE);
    }

    /** {@code fraisier 0.1.0 (commit 1cd7de7, 2026-11-29T01:02:03Z)}. */
    public String line() {
        // a StringBuilder, not +: a lone --version has no AOT cache, and a concatenation's first use spins
        // its classes at run time
        StringBuilder line = new StringBuilder("fraisier ").append(version);
        if (commit == null) {
            return line.append(" (commit unknown: built outside a git checkout)")
                    .toString();
        }
        line.append(" (commit ").append(commit);
        if (dirty) {
            line.append("-dirty");
        }
        if (commitTime != null) {
            line.append(", ").append(commitTime);
        }
        return line.append(')').toString();
    }

    /** The running Java: version, vendor and home. */
    public static String javaRuntime() {
        return System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home");
    }

    Map<String, Object> toJson(@Nullable String store) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        json.put("commit", commit);
        json.put("commit_time", commitTime);
        json.put("dirty", dirty);
        if (store != null) {
            json.put("java", javaRuntime());
            json.put("store", store);
        }
        return json;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
