package io.fraisier.core.configfile;

import io.fraisier.core.config.ConfigException;
import io.fraisier.core.config.DatabaseConfig;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.FreezeWindow;
import io.fraisier.core.config.GitConfig;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.config.WebhookConfig;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.internal.config.DatabaseSection;
import io.fraisier.core.internal.config.EnvironmentBinder;
import io.fraisier.core.internal.config.FraisesSection;
import io.fraisier.core.internal.config.Problems;
import io.fraisier.core.internal.config.ProviderSchemas;
import io.fraisier.core.internal.config.ServiceSections;
import io.fraisier.core.internal.config.ValueReader;
import io.fraisier.core.internal.config.VariableExpander;
import io.fraisier.core.internal.config.YamlNode;
import io.fraisier.core.internal.config.YamlTreeReader;
import io.fraisier.core.model.Target;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ServiceDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses and validates {@code fraises.yaml} (CONFIG.md) into a {@link FraisierConfig}: expands
 * {@code ${VAR}} and {@code ${VAR:-default}} from the given environment, applies every default, and
 * reports every problem at once, each with file, line, column and key path. Each environment is checked
 * against the keys its provider's {@link DeploymentProviderFactory} declares: the factories found with
 * {@link ServiceLoader}, or those given (as {@code Fraisier.builder().provider(…)} does).
 *
 * <p>Thread-safe: each call works on its own state.
 */
public final class ConfigParser {
    private static final List<String> SECTIONS = List.of(
            "database",
            "git",
            "webhook",
            "metrics",
            "defaults",
            "branch_mapping",
            "fraises",
            "freeze_windows",
            "notifications");

    private final Map<String, String> environment;
    private final ProviderSchemas schemas;

    /**
     * A parser for the provider types on the class path.
     *
     * @param environment the variables {@code ${VAR}} expands from (usually {@code System.getenv()})
     */
    public ConfigParser(Map<String, String> environment) {
        this(environment, installedProviders());
    }

    /**
     * A parser for these provider types (the first factory of a type wins).
     *
     * @param environment the variables {@code ${VAR}} expands from (usually {@code System.getenv()})
     * @throws IllegalArgumentException when a factory declares a key every environment already has, or one
     *     key twice
     */
    public ConfigParser(Map<String, String> environment, Collection<? extends DeploymentProviderFactory> providers) {
        this.environment = Map.copyOf(environment);
        this.schemas = ProviderSchemas.of(providers);
    }

    /** The provider factories found with {@link ServiceLoader} ({@link ServiceDirectory#serviceLoader()}). */
    public static List<DeploymentProviderFactory> installedProviders() {
        return ServiceDirectory.serviceLoader().load(DeploymentProviderFactory.class);
    }

    /** The provider types this parser knows, in the factories' order. */
    public Set<String> providerTypes() {
        return schemas.types();
    }

    /**
     * Reads and validates a file.
     *
     * @throws ConfigException listing every problem in the file
     * @throws FraisierException {@link ErrorCode#CONFIG_NOT_FOUND} when the file does not exist,
     *     {@link ErrorCode#CONFIG_INVALID} when it cannot be read or is not UTF-8
     */
    public FraisierConfig parse(Path file) {
        return parse(read(file), file);
    }

    /**
     * Validates YAML text.
     *
     * @param source the file it came from, for messages (null: none)
     * @throws ConfigException listing every problem in the text
     */
    public FraisierConfig parse(String yaml, @Nullable Path source) {
        Problems problems = new Problems(source);
        YamlNode.Mapping root = YamlTreeReader.readRoot(yaml, problems);
        if (root == null) {
            throw new ConfigException(source, problems.inFileOrder());
        }
        ValueReader reader = new ValueReader(problems, new VariableExpander(environment));
        Map<String, YamlNode.Entry> sections = root.entries();
        for (YamlNode.Entry e : sections.values()) {
            if (SECTIONS.contains(e.key())) {
                continue;
            }
            if (schemas.allEnvironmentKeys().contains(e.key())) {
                problems.atKey(
                        e,
                        e.key(),
                        "key '" + e.key() + "' belongs to an environment: put it under defaults: to apply it"
                                + " to every environment, or under fraises.<fraise>.environments.<name>");
            } else {
                problems.unknownKey(e, "", SECTIONS);
            }
        }
        YamlNode.Entry database = sections.get("database");
        DatabaseConfig db = database == null ? null : DatabaseSection.bind(database, reader);
        GitConfig git = ServiceSections.git(sections.get("git"), reader);
        WebhookConfig webhook = ServiceSections.webhook(sections.get("webhook"), reader);
        MetricsConfig metrics = ServiceSections.metrics(sections.get("metrics"), reader, environment);
        EnvironmentBinder binder = EnvironmentBinder.withDefaults(sections.get("defaults"), reader, schemas);
        FraisesSection fraises = FraisesSection.read(sections.get("fraises"), reader, binder);
        Map<String, List<Target>> branchMapping = fraises.branchMapping(sections.get("branch_mapping"));
        List<FreezeWindow> windows =
                new java.util.ArrayList<>(io.fraisier.core.internal.config.FreezeWindowsSection.read(
                        sections.get("freeze_windows"), reader, fraises.fraises()));
        windows.addAll(io.fraisier.core.internal.config.FreezeWindowsSection.readPerEnvironment(
                sections.get("fraises"), reader));
        io.fraisier.core.config.NotificationsConfig notifications =
                io.fraisier.core.internal.config.NotificationsSection.read(sections.get("notifications"), reader);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.inFileOrder());
        }
        return new FraisierConfig(
                source, db, git, webhook, metrics, branchMapping, fraises.fraises(), windows, notifications);
    }

    /**
     * Reads a {@code provider-test --config-file} file: one provider's keys at the top level (plus the
     * keys every environment accepts, such as health checks), validated like an environment of that
     * provider with built-in defaults applied. The result's target is {@code provider-test/<type>}.
     *
     * @throws FraisierException {@link ErrorCode#PROVIDER_UNKNOWN} for an unknown provider type,
     *     {@link ErrorCode#CONFIG_NOT_FOUND} when the file does not exist
     * @throws ConfigException listing every problem in the file
     */
    public EnvironmentConfig parseProviderFile(Path file, String providerType) {
        if (!schemas.types().contains(providerType)) {
            throw new FraisierException(
                    ErrorCode.PROVIDER_UNKNOWN,
                    "Unknown provider '" + providerType + "'",
                    "Known providers: " + String.join(", ", schemas.types()) + ".");
        }
        String yaml = read(file);
        Problems problems = new Problems(file);
        YamlNode.Mapping root = YamlTreeReader.readRoot(yaml, problems);
        if (root == null) {
            throw new ConfigException(file, problems.inFileOrder());
        }
        ValueReader reader = new ValueReader(problems, new VariableExpander(environment));
        EnvironmentConfig config = EnvironmentBinder.withoutDefaults(reader, schemas)
                .bind(
                        Target.of("provider-test", providerType),
                        root,
                        new YamlNode.Entry("", 1, 1, root),
                        "",
                        providerType);
        if (!problems.isEmpty() || config == null) {
            throw new ConfigException(file, problems.inFileOrder());
        }
        return config;
    }

    private static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FraisierException(
                    ErrorCode.CONFIG_NOT_FOUND,
                    "Config file not found: " + file,
                    "Check the path, or pass -c /path/to/fraises.yaml.");
        } catch (AccessDeniedException e) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    "Cannot read " + file + ": permission denied",
                    "Make it readable by the user running fraisier.",
                    e);
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    "Cannot read " + file + ": " + (Files.isDirectory(file) ? "it is a directory" : e.getMessage()),
                    "Point at the fraises.yaml file itself.",
                    e);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FraisierException(ErrorCode.CONFIG_INVALID, file + " is not UTF-8 text", "Save it as UTF-8.", e);
        }
    }
}
