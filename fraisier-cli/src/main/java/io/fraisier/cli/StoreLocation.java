package io.fraisier.cli;

import io.fraisier.core.api.FraisierException;
import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.FraisierConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which store a command would use, described for people without opening it (so {@code fraisier
 * --version -v} works when the database is down). The order is the store factory's:
 * {@code FRAISIER_DATABASE_URL}, then the {@code database:} block, then the embedded SQLite file
 * {@code $FRAISIER_HOME/fraisier.db} (CONFIG.md). Never shows a password.
 */
final class StoreLocation {
    static final String DATABASE_URL = "FRAISIER_DATABASE_URL";
    static final String HOME = "FRAISIER_HOME";
    static final Path SYSTEM_HOME = Path.of("/var/lib/fraisier");

    private final Map<String, String> environment;
    private final Supplier<FraisierConfig> config;

    StoreLocation(FraisierCommand root) {
        this(root.environment(), root::loadConfig);
    }

    StoreLocation(Map<String, String> environment, Supplier<FraisierConfig> config) {
        this.environment = environment;
        this.config = config;
    }

    String describe() {
        String url = environment.get(DATABASE_URL);
        if (url != null && !url.isBlank()) {
            return "postgresql " + redact(url) + " (from " + DATABASE_URL + ")";
        }
        FraisierConfig cfg;
        try {
            cfg = config.get();
        } catch (FraisierException e) {
            return "sqlite " + embeddedFile() + " (embedded default, unless a database: block says otherwise;"
                    + " the configuration could not be read: " + e.code().id() + ")";
        }
        DatabaseConfig db = cfg.database();
        String from = cfg.source() == null ? "" : " (database: block of " + cfg.source() + ")";
        if (db == null) {
            return "sqlite " + embeddedFile() + " (embedded default)";
        }
        if (!db.isPostgres()) {
            return "sqlite " + (db.path() == null ? embeddedFile() : db.path()) + from;
        }
        if (db.url() != null) {
            return "postgresql " + redact(db.url().reveal()) + from;
        }
        return "postgresql " + db.host() + ":" + db.port() + "/" + db.name()
                + (db.user() == null ? "" : " as " + db.user()) + from;
    }

    Path embeddedFile() {
        return home().resolve("fraisier.db");
    }

    private Path home() {
        String home = environment.get(HOME);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        if (writable(SYSTEM_HOME)) {
            return SYSTEM_HOME;
        }
        String userHome = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(userHome, ".local", "share", "fraisier");
    }

    /** Writable now, or creatable because its parent is. */
    private static boolean writable(Path dir) {
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir);
        }
        Path parent = dir.getParent();
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    }

    /** Hides the password of {@code scheme://user:password@host/…} and of a {@code password=} parameter. */
    static String redact(@Nullable String url) {
        if (url == null) {
            return "";
        }
        return url.replaceAll("(://[^:/@]+):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
