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
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Writes an installation's {@code lib/services} ({@link ServiceIndex}) at package time, from
 * {@code src/aot/train.sh}: the {@code META-INF/services/} entries of the jars named in
 * {@code lib/classpath}, merged as {@link java.util.ServiceLoader} would see them on that class path (jars
 * in class-path order, comments and blanks dropped, an implementation named twice for a service kept
 * once). JDK classes only: it runs with the CLI's jar alone on its class path.
 */
public final class ServiceIndexWriter {
    private static final String PREFIX = "META-INF/services/";

    private ServiceIndexWriter() {}

    /** Argument: the installation's lib folder. Exits 1, saying why, when the index cannot be written. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ServiceIndexWriter LIB_FOLDER");
            System.exit(2);
        }
        Path lib = Path.of(args[0]);
        try {
            List<Path> jars = new ArrayList<>();
            for (String line : Files.readAllLines(lib.resolve("classpath"), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    jars.add(lib.resolve(line.strip()));
                }
            }
            Path target = lib.resolve("services");
            Path temporary = lib.resolve("services.tmp");
            Files.write(temporary, lines(jars), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            System.err.println("fraisier lib/services: not written: " + e);
            System.exit(1);
        }
    }

    /** The index's lines for {@code jars}, in that (class-path) order. */
    static List<String> lines(List<Path> jars) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("# service implementation: META-INF/services of lib/classpath's jars, in its order (ServiceIndex)");
        Set<String> seen = new HashSet<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
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
