package io.fraisier.persistence;

import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the database: {@code FRAISIER_DATABASE_URL} wins, then the {@code database:} block, then
 * the embedded SQLite file {@code $FRAISIER_HOME/fraisier.db}. Stateless apart from the system
 * default home, so thread-safe.
 */
final class DatabaseLocator {
    static final String URL_VARIABLE = "FRAISIER_DATABASE_URL";
    static final String HOME_VARIABLE = "FRAISIER_HOME";
    static final Path SYSTEM_HOME = Path.of("/var/lib/fraisier");
    private static final int DEFAULT_POOL = 10;
    private static final Duration DEFAULT_RECYCLE = Duration.ofHours(1);
    private static final Pattern JDBC_HOST =
            Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^/:?,]+)(?::(\\d+))?(?:/([^?]*))?.*");

    private final Path systemHome;

    DatabaseLocator() {
        this(SYSTEM_HOME);
    }

    DatabaseLocator(Path systemHome) {
        this.systemHome = systemHome;
    }

    DatabaseLocation locate(@Nullable DatabaseConfig config, Map<String, String> env) {
        String url = env.get(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return fromUrl(url.strip(), URL_VARIABLE, DEFAULT_POOL, DEFAULT_RECYCLE);
        }
        if (config != null) {
            if (DatabaseConfig.SQLITE.equals(config.type())) {
                return config.path() != null ? DatabaseLocation.sqlite(config.path(), "database.path") : embedded(env);
            }
            int pool = config.poolSize() > 0 ? config.poolSize() : DEFAULT_POOL;
            Duration recycle = config.poolRecycle() != null ? config.poolRecycle() : DEFAULT_RECYCLE;
            if (config.url() != null && !config.url().isEmpty()) {
                return fromUrl(config.url().reveal().strip(), "database.url", pool, recycle);
            }
            String host = config.host() == null || config.host().isBlank() ? "localhost" : config.host();
            int port = config.port() > 0 ? config.port() : 5432;
            String name = config.name() == null || config.name().isBlank() ? "fraisier" : config.name();
            Map<String, String> props = new LinkedHashMap<>();
            if (config.sslmode() != null) {
                props.put("sslmode", config.sslmode());
            }
            String hostPort = hostPort(host, port);
            return new DatabaseLocation(
                    false,
                    "jdbc:postgresql://" + hostPort + "/" + name,
                    config.user(),
                    config.password(),
                    props,
                    pool,
                    recycle,
                    "postgresql " + hostPort + "/" + name + (config.user() == null ? "" : " as " + config.user()),
                    "database.host",
                    hostPort,
                    null);
        }
        return embedded(env);
    }

    /** {@code $FRAISIER_HOME/fraisier.db}; the home defaults to the system folder when writable. */
    DatabaseLocation embedded(Map<String, String> env) {
        String home = env.get(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            return DatabaseLocation.sqlite(Path.of(home).resolve("fraisier.db"), HOME_VARIABLE);
        }
        Path dir = usable(systemHome) ? systemHome : userHome(env).resolve(".local/share/fraisier");
        return DatabaseLocation.sqlite(dir.resolve("fraisier.db"), HOME_VARIABLE);
    }

    private static boolean usable(Path dir) {
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir);
        }
        Path parent = dir.toAbsolutePath().getParent();
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    }

    private static Path userHome(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    private static DatabaseLocation fromUrl(String url, String key, int pool, Duration recycle) {
        if (url.startsWith("jdbc:sqlite:")) {
            return DatabaseLocation.sqlite(Path.of(url.substring("jdbc:sqlite:".length())), key);
        }
        if (url.startsWith("sqlite:")) {
            String rest = url.substring("sqlite:".length());
            return DatabaseLocation.sqlite(Path.of(rest.startsWith("//") ? rest.substring(2) : rest), key);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            Matcher m = JDBC_HOST.matcher(url);
            String hostPort = m.matches()
                    ? hostPort(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)))
                    : "localhost:5432";
            String db = m.matches() && m.group(3) != null && !m.group(3).isEmpty() ? m.group(3) : "";
            return new DatabaseLocation(
                    false,
                    url,
                    null,
                    null,
                    Map.of(),
                    pool,
                    recycle,
                    "postgresql " + hostPort + "/" + db,
                    key,
                    hostPort,
                    null);
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return fromLibpqUrl(url, key, pool, recycle);
        }
        throw new FraisierException(
                ErrorCode.CONFIG_INVALID,
                key + " is not a database URL Fraisier knows (" + scheme(url) + ")",
                "Use postgresql://user:password@host:5432/name, jdbc:postgresql://host:5432/name or sqlite:/path/to/fraisier.db.");
    }

    private static DatabaseLocation fromLibpqUrl(String url, String key, int pool, Duration recycle) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    key + " is not a valid postgresql:// URL (" + e.getReason() + ")",
                    "Expected postgresql://user:password@host:5432/name; percent-encode special characters in the password.");
        }
        String user = null;
        Secret password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                password = Secret.of(decode(info.substring(colon + 1)));
            }
        }
        String host = uri.getHost() == null || uri.getHost().isEmpty() ? "localhost" : uri.getHost();
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        String db = path.isEmpty() ? (user != null ? user : "postgres") : decode(path);
        Map<String, String> props = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    props.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        if (user == null && props.containsKey("user")) {
            user = props.remove("user");
        }
        if (password == null && props.containsKey("password")) {
            password = Secret.of(props.remove("password"));
        }
        String hostPort = hostPort(host, port);
        return new DatabaseLocation(
                false,
                "jdbc:postgresql://" + hostPort + "/" + db,
                user,
                password,
                props,
                pool,
                recycle,
                "postgresql " + hostPort + "/" + db + (user == null ? "" : " as " + user),
                key,
                hostPort,
                null);
    }

    private static String hostPort(String host, int port) {
        return host + ":" + port;
    }

    private static String decode(String s) {
        // URLDecoder is a form decoder: keep a literal '+' (common in passwords) as is
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon < 0 ? "no scheme" : "scheme '" + url.substring(0, colon) + "'";
    }
}
