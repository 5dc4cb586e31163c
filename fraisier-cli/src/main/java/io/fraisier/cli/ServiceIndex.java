package io.fraisier.cli;

import io.fraisier.core.spi.ServiceDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The service implementations of an installation, read from {@code lib/services} (written at package time
 * by {@link ServiceIndexWriter}, named by {@code -Dfraisier.services} in bin/fraisier) instead of
 * {@link java.util.ServiceLoader}: ServiceLoader reads {@code META-INF/services/} of every jar, so the first
 * lookup opens all 60-odd jars of the class path and reads their directories (some 45 ms of every command);
 * with the index a command opens only the jars whose classes it loads.
 *
 * <p>Each line names a service interface and one implementation ({@code io.fraisier.core.spi.StoreFactory
 * io.fraisier.persistence.JooqStoreFactory}), in class-path order; {@code #} starts a comment. A service the
 * index does not name has no implementation. A line that cannot be read, or an implementation that cannot be
 * made (a stale index: the class is gone, has no public no-argument constructor, ...), costs only speed:
 * that service is then found with ServiceLoader, and a debug line says why. An unreadable file: every one.
 *
 * <p>Thread-safe: the file is read once, on first use.
 */
final class ServiceIndex implements ServiceDirectory {
    /** The system property bin/fraisier sets to the index's path when the installation has one. */
    static final String PROPERTY = "fraisier.services";

    private final Path file;
    private final ServiceDirectory fallback;
    private @Nullable Entries entries;

    ServiceIndex(Path file, ServiceDirectory fallback) {
        this.file = file;
        this.fallback = fallback;
    }

    /** The index named by {@value #PROPERTY}, else ServiceLoader (tests, the IDE, embedders). */
    static ServiceDirectory fromSystemProperty() {
        String path = System.getProperty(PROPERTY);
        if (path == null || path.isBlank()) {
            return ServiceDirectory.serviceLoader();
        }
        return new ServiceIndex(Path.of(path), ServiceDirectory.serviceLoader());
    }

    @Override
    public <S> List<S> load(Class<S> service) {
        Entries index = entries();
        if (index == null || index.broken.contains(service.getName())) {
            return fallback.load(service);
        }
        Set<String> names = index.implementations.get(service.getName());
        if (names == null) {
            return List.of();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ClassLoader.getSystemClassLoader();
        }
        List<S> found = new ArrayList<>(names.size());
        for (String name : names) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (!service.isAssignableFrom(type)) {
                    return stale(service, name + " does not implement it");
                }
                found.add(service.cast(type.getConstructor().newInstance()));
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return stale(service, name + ": " + e);
            }
        }
        return List.copyOf(found);
    }

    private <S> List<S> stale(Class<S> service, String why) {
        LoggerFactory.getLogger(ServiceIndex.class)
                .debug("{}: {} in {}; finding it with ServiceLoader", file, service.getName(), why);
        return fallback.load(service);
    }

    private synchronized @Nullable Entries entries() {
        if (entries == null) {
            try {
                // readString, not readAllLines: no decoder and reader to set up (1.5 ms of each command, interpreted)
                entries = parse(
                        Files.readString(file, StandardCharsets.UTF_8).lines().toList());
            } catch (IOException | RuntimeException e) {
                LoggerFactory.getLogger(ServiceIndex.class)
                        .debug("{} not read ({}); finding services with ServiceLoader", file, e.toString());
                entries = new Entries(null, Set.of());
            }
        }
        return entries.implementations == null ? null : entries;
    }

    static Entries parse(List<String> lines) {
        Map<String, Set<String>> implementations = new LinkedHashMap<>();
        Set<String> broken = new HashSet<>();
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length != 2) {
                broken.add(words[0]);
                continue;
            }
            // no computeIfAbsent: a lambda's class is spun at run time, on every start
            Set<String> names = implementations.get(words[0]);
            if (names == null) {
                names = new LinkedHashSet<>();
                implementations.put(words[0], names);
            }
            names.add(words[1]);
        }
        return new Entries(implementations, Set.copyOf(broken));
    }

    /** The index's lines: implementations by service name, and the services whose lines were unreadable. */
    record Entries(@Nullable Map<String, Set<String>> implementations, Set<String> broken) {}
}
