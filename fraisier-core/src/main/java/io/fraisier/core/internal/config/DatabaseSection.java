package io.fraisier.core.internal.config;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.KeyPaths;
import io.fraisier.core.config.Secret;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code database:} block: {@code postgresql} (the default when the block is present: host
 * localhost, port 5432, name fraisier, pool_size 10, pool_recycle 3600 s, or a {@code url}) or
 * {@code sqlite} (an optional {@code path}).
 */
public final class DatabaseSection {
    static final List<String> KEYS = List.of(
            "type", "host", "port", "name", "user", "password", "url", "sslmode", "pool_size", "pool_recycle", "path");
    private static final Set<String> POSTGRES_ONLY =
            Set.of("host", "port", "name", "user", "password", "url", "sslmode");
    private static final List<String> SSLMODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final List<String> URL_PREFIXES = List.of("postgresql://", "postgres://", "jdbc:postgresql://");

    private DatabaseSection() {}

    /** The block's settings, or null when it is absent, empty or wrong (problems reported). */
    public static @Nullable DatabaseConfig bind(YamlNode.Entry section, ValueReader r) {
        int before = r.problems().size();
        YamlNode.Mapping m = r.mapping(section.value(), "database");
        if (m == null) {
            return null;
        }
        String type = DatabaseConfig.POSTGRESQL;
        String host = "localhost";
        int port = 5432;
        String name = "fraisier";
        String user = null;
        Secret password = null;
        Secret url = null;
        String sslmode = null;
        int poolSize = 10;
        Duration poolRecycle = Duration.ofSeconds(3600);
        Path path = null;
        YamlNode.Entry typeEntry = m.entries().get("type");
        if (typeEntry != null) {
            type = r.choice(
                    typeEntry.value(),
                    "database.type",
                    List.of(DatabaseConfig.POSTGRESQL, DatabaseConfig.SQLITE),
                    "database type");
        }
        for (YamlNode.Entry e : m.entries().values()) {
            String p = KeyPaths.child("database", e.key());
            YamlNode v = e.value();
            if (type != null && type.equals(DatabaseConfig.SQLITE) && POSTGRES_ONLY.contains(e.key())) {
                r.problems().atKey(e, p, "key '" + e.key() + "' applies to type postgresql, not sqlite");
                continue;
            }
            if (type != null
                    && type.equals(DatabaseConfig.POSTGRESQL)
                    && e.key().equals("path")) {
                r.problems().atKey(e, p, "key 'path' applies to type sqlite only (this database is postgresql)");
                continue;
            }
            switch (e.key()) {
                case "type" -> {}
                case "host" -> host = orElse(r.string(v, p), host);
                case "port" -> port = orElse(r.port(v, p), port);
                case "name" -> name = orElse(r.string(v, p), name);
                case "user" -> user = r.string(v, p);
                case "password" -> password = r.secret(v, p);
                case "url" -> url = url(v, p, r);
                case "sslmode" -> sslmode = r.choice(v, p, SSLMODES, "sslmode");
                case "pool_size" -> poolSize = orElse(intOrNull(r.whole(v, p, 1, 10_000)), poolSize);
                case "pool_recycle" -> poolRecycle = orElse(r.seconds(v, p), poolRecycle);
                case "path" -> path = path(v, p, r);
                default -> r.problems().unknownKey(e, "database", KEYS);
            }
        }
        YamlNode.Entry urlEntry = m.entries().get("url");
        if (urlEntry != null && DatabaseConfig.POSTGRESQL.equals(type)) {
            for (String field : List.of("host", "port", "name")) {
                if (m.entries().containsKey(field)) {
                    r.problems()
                            .atKey(
                                    urlEntry,
                                    "database.url",
                                    "set url or host/port/name, not both (url also has '" + field + "')");
                    break;
                }
            }
        }
        if (r.problems().size() > before || type == null) {
            return null;
        }
        return new DatabaseConfig(type, host, port, name, user, password, url, sslmode, poolSize, poolRecycle, path);
    }

    private static @Nullable Secret url(YamlNode v, String p, ValueReader r) {
        String text = r.string(v, p);
        if (text == null) {
            return null;
        }
        if (URL_PREFIXES.stream().noneMatch(text.trim()::startsWith)) {
            return r.fail(
                    v, p, "must start with postgresql://, postgres:// or jdbc:postgresql:// (value hidden: a secret)");
        }
        return Secret.of(text.trim());
    }

    private static @Nullable Path path(YamlNode v, String p, ValueReader r) {
        String text = r.string(v, p);
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return r.fail(v, p, "is not a valid file path: " + e.getReason());
        }
    }

    private static @Nullable Integer intOrNull(@Nullable Long v) {
        return v == null ? null : v.intValue();
    }

    static <T> T orElse(@Nullable T value, T fallback) {
        return value == null ? fallback : value;
    }
}
