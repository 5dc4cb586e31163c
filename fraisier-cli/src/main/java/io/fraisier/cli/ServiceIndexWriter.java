package io.fraisier.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes an installation's {@code lib/services} ({@link ServiceIndex}) at package time, from
 * {@code src/aot/train.sh}: the {@code META-INF/services/} entries of the jars named in
 * {@code lib/classpath}, merged as {@link java.util.ServiceLoader} would see them on that class path (jars
 * in class-path order, comments and blanks dropped, an implementation named twice for a service kept
 * once). JDK classes only: it runs with the CLI's jar alone on its class path.
 *
 * <p>Two more facts of that class path, which bin/fraisier uses to spare a command the JVM's reading of
 * every jar's directory (some 40 ms of each command on PostgreSQL, bench/cli/README.md, session 15):
 *
 * <ul>
 *   <li>{@code lib/boot/logger-finder.jar}: a jar holding only the class path's own
 *       {@code META-INF/services/java.lang.System$LoggerFinder} (the same implementation names, SLF4J's), which
 *       bin/fraisier appends to the boot class path. When {@code java.util.logging} starts (PostgreSQL's
 *       driver starts it), the JDK looks for a {@code System.LoggerFinder} to choose its logging backend;
 *       found there first, that search ends at once, where on the class path it read all 60-odd jars, since
 *       the JDK's enumeration of a resource always looks one jar further. The finder found is the one the
 *       class path names, so nothing changes but the time. None is written when no jar names a finder.
 *   <li>No jar holds {@code org/postgresql/driverconfig.properties}, the defaults file PostgreSQL's driver
 *       looks for in every jar before its first connection: bin/fraisier passes
 *       {@code -Dfraisier.postgresql.driverconfig=absent} along with the index, and the store then spares
 *       the driver that search. A class path that holds one gets no index at all (this exits 1, saying
 *       so), so the driver reads it as usual.
 * </ul>
 */
public final class ServiceIndexWriter {
    private static final String PREFIX = "META-INF/services/";

    /** The service whose implementations lib/boot/logger-finder.jar names. */
    static final String LOGGER_FINDER = "java.lang.System$LoggerFinder";

    /** The boot class path's jar, relative to lib/. */
    static final String BOOT_JAR = "boot/logger-finder.jar";

    /** PostgreSQL's driver defaults file (see the class description). */
    static final String DRIVER_CONFIG = "org/postgresql/driverconfig.properties";

    private ServiceIndexWriter() {}

    /** Argument: the installation's lib folder. Exits 1, saying why, when the index cannot be written. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ServiceIndexWriter LIB_FOLDER");
            System.exit(2);
        }
        try {
            write(Path.of(args[0]));
        } catch (IOException | RuntimeException e) {
            System.err.println("fraisier lib/services: not written: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes {@code lib/services} and {@code lib/boot/logger-finder.jar} (or removes a stale one) for the jars
     * of {@code lib/classpath}; throws, writing neither, when a jar holds {@value #DRIVER_CONFIG}.
     */
    static void write(Path lib) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String line : Files.readAllLines(lib.resolve("classpath"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                jars.add(lib.resolve(line.strip()));
            }
        }
        List<String> lines = lines(jars);
        Path boot = lib.resolve(BOOT_JAR);
        Files.deleteIfExists(boot);
        List<String> finders = lines.stream()
                .filter(l -> l.startsWith(LOGGER_FINDER + " "))
                .map(l -> l.substring(LOGGER_FINDER.length() + 1))
                .toList();
        if (!finders.isEmpty()) {
            Files.createDirectories(boot.getParent());
            Path temporary = boot.resolveSibling(boot.getFileName() + ".tmp");
            try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(temporary))) {
                jar.putNextEntry(new ZipEntry(PREFIX + LOGGER_FINDER));
                jar.write((String.join("\n", finders) + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
            Files.move(temporary, boot, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Path target = lib.resolve("services");
        Path temporary = lib.resolve("services.tmp");
        Files.write(temporary, lines, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The index's lines for {@code jars}, in that (class-path) order; throws when a jar holds
     * {@value #DRIVER_CONFIG} (each jar is opened once for both).
     */
    static List<String> lines(List<Path> jars) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("# service implementation: META-INF/services of lib/classpath's jars, in its order (ServiceIndex)");
        Set<String> seen = new HashSet<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (zip.getEntry(DRIVER_CONFIG) != null) {
                    throw new IllegalStateException(jar.getFileName() + " holds " + DRIVER_CONFIG
                            + ", which bin/fraisier's -Dfraisier.postgresql.driverconfig=absent would hide from"
                            + " PostgreSQL's driver: this installation gets no index, and runs a little slower");
                }
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (entry.isDirectory() || !name.startsWith(PREFIX) || name.indexOf('/', PREFIX.length()) >= 0) {
                        continue;
                    }
                    String service = name.substring(PREFIX.length());
                    if (service.isEmpty()) {
                        continue;
                    }
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            int hash = line.indexOf('#');
                            String implementation = (hash >= 0 ? line.substring(0, hash) : line).strip();
                            if (!implementation.isEmpty() && seen.add(service + " " + implementation)) {
                                out.add(service + " " + implementation);
                            }
                        }
                    }
                }
            }
        }
        return out;
    }
}
