package io.fraisier.core.configfile;

import io.fraisier.core.config.ConfigException;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.DeploymentProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Finds and parses {@code fraises.yaml}. Order: the explicit path ({@code -c/--config}); else
 * {@code $FRAISIER_CONFIG}; else {@code /opt/fraisier/fraises.yaml}, {@code ./fraises.yaml},
 * {@code ./config/fraises.yaml} (relative paths resolve against the working directory). A path given
 * explicitly or through {@code FRAISIER_CONFIG} must exist: falling back to another file could deploy
 * with the wrong configuration.
 *
 * <p>Thread-safe (immutable).
 */
public final class ConfigLoader {
    /** Where a system-wide installation keeps its configuration. */
    public static final Path SYSTEM_PATH = Path.of("/opt/fraisier/fraises.yaml");

    private static final String HINT = "Pass -c /path/to/fraises.yaml or set FRAISIER_CONFIG";

    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final List<Path> systemPaths;
    private final @Nullable List<DeploymentProviderFactory> providers;

    /**
     * @param environment the process environment ({@code FRAISIER_CONFIG}, and {@code ${VAR}} expansion)
     * @param workingDirectory what {@code ./fraises.yaml} and relative paths are relative to
     */
    public ConfigLoader(Map<String, String> environment, Path workingDirectory) {
        this(environment, workingDirectory, List.of(SYSTEM_PATH));
    }

    /** As {@link #ConfigLoader(Map, Path)}, with the system-wide paths searched first (tests use a temp dir). */
    public ConfigLoader(Map<String, String> environment, Path workingDirectory, List<Path> systemPaths) {
        this(environment, workingDirectory, systemPaths, null);
    }

    private ConfigLoader(
            Map<String, String> environment,
            Path workingDirectory,
            List<Path> systemPaths,
            @Nullable List<DeploymentProviderFactory> providers) {
        this.environment = Map.copyOf(environment);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.systemPaths = List.copyOf(systemPaths);
        this.providers = providers;
    }

    /**
     * This loader, checking environments against these provider types instead of those found with
     * {@link java.util.ServiceLoader}.
     */
    public ConfigLoader withProviders(Collection<? extends DeploymentProviderFactory> factories) {
        return new ConfigLoader(environment, workingDirectory, systemPaths, List.copyOf(factories));
    }

    /**
     * The file to use.
     *
     * @param explicit the {@code -c} path, or null
     * @throws FraisierException {@link ErrorCode#CONFIG_NOT_FOUND}: naming the explicit or
     *     {@code FRAISIER_CONFIG} path that does not exist, or listing every path searched
     */
    public Path locate(@Nullable Path explicit) {
        if (explicit != null) {
            return mustExist(resolve(explicit), "given with -c/--config");
        }
        String fromEnv = environment.get("FRAISIER_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return mustExist(resolve(Path.of(fromEnv.trim())), "from FRAISIER_CONFIG");
        }
        List<Path> tried = new ArrayList<>(systemPaths);
        tried.add(workingDirectory.resolve("fraises.yaml"));
        tried.add(workingDirectory.resolve("config").resolve("fraises.yaml"));
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new FraisierException(
                ErrorCode.CONFIG_NOT_FOUND,
                "fraises.yaml not found. Tried (FRAISIER_CONFIG is not set): "
                        + tried.stream().map(Path::toString).collect(Collectors.joining(", ")),
                HINT);
    }

    /**
     * {@link #locate} then {@link ConfigParser#parse(Path)}.
     *
     * @throws ConfigException listing every problem of the file
     * @throws FraisierException {@link ErrorCode#CONFIG_NOT_FOUND} as {@link #locate}
     */
    public FraisierConfig load(@Nullable Path explicit) {
        ConfigParser parser =
                providers == null ? new ConfigParser(environment) : new ConfigParser(environment, providers);
        return parser.parse(locate(explicit));
    }

    private Path resolve(Path p) {
        return workingDirectory.resolve(p).normalize();
    }

    private static Path mustExist(Path p, String how) {
        if (Files.isRegularFile(p)) {
            return p;
        }
        String why = Files.isDirectory(p) ? ": it is a directory, not a file" : "";
        throw new FraisierException(
                ErrorCode.CONFIG_NOT_FOUND, "fraises.yaml not found at " + p + " (" + how + ")" + why, HINT);
    }
}
