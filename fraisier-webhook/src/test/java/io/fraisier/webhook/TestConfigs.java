package io.fraisier.webhook;

import io.fraisier.core.api.Fraisier;
import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.FraiseConfig;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.GitConfig;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.config.MetricsConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.config.Secret;
import io.fraisier.core.config.WebhookConfig;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.WebhookEvent;
import io.fraisier.core.spi.FraisierStore;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configurations for tests: my_api (production, staging) and worker (staging); main deploys
 * my_api/production, develop deploys my_api/staging and worker/staging, tag {@code production} deploys
 * my_api/production.
 */
public final class TestConfigs {
    public static final String GITHUB_SECRET = "gh-secret";
    static final String GITLAB_SECRET = "gl-token";
    static final String GITEA_NEW = "gitea-new";
    static final String GITEA_OLD = "gitea-old";
    static final String BITBUCKET_SECRET = "bb-secret";

    private TestConfigs() {}

    public static GitConfig git(String defaultHost) {
        return new GitConfig(
                defaultHost,
                Map.of(
                        "github", List.of(Secret.of(GITHUB_SECRET)),
                        "gitlab", List.of(Secret.of(GITLAB_SECRET)),
                        "gitea", List.of(Secret.of(GITEA_NEW), Secret.of(GITEA_OLD)),
                        "bitbucket", List.of(Secret.of(BITBUCKET_SECRET))));
    }

    public static FraisierConfig config(GitConfig git, WebhookConfig webhook) {
        Map<String, List<Target>> mapping = new LinkedHashMap<>();
        mapping.put("main", List.of(Target.of("my_api", "production")));
        mapping.put("develop", List.of(Target.of("my_api", "staging"), Target.of("worker", "staging")));
        mapping.put("production", List.of(Target.of("my_api", "production")));
        Map<String, FraiseConfig> fraises = new LinkedHashMap<>();
        fraises.put("my_api", fraise("my_api", Map.of("production", "bare_metal", "staging", "docker")));
        fraises.put("worker", fraise("worker", Map.of("staging", "docker")));
        return new FraisierConfig(null, null, git, webhook, MetricsConfig.defaults(), mapping, fraises);
    }

    public static FraisierConfig config() {
        return config(git("github"), webhook(60, List.of()));
    }

    public static WebhookConfig webhook(int rateLimit, List<String> trustedProxies) {
        return new WebhookConfig("127.0.0.1", 0, 4096, rateLimit, trustedProxies, 2);
    }

    /** A front door on {@code store} with scripted providers for every provider type the config uses. */
    /** A front door on any store (a real one in integration tests), with scripted providers. */
    public static Fraisier fraisier(FraisierConfig config, FraisierStore store, Clock clock) {
        return Fraisier.builder()
                .config(config)
                .store(store)
                .clock(clock)
                .provider(new ScriptedProviderFactory("bare_metal"), new ScriptedProviderFactory("docker"))
                .discoverListeners(false)
                .environment(Map.of())
                .holderId("test-host:1")
                .build();
    }

    static Fraisier fraisier(FraisierConfig config, InMemoryStore store, Clock clock) {
        return fraisier(
                config, store, clock, new ScriptedProviderFactory("bare_metal"), new ScriptedProviderFactory("docker"));
    }

    static Fraisier fraisier(
            FraisierConfig config,
            InMemoryStore store,
            Clock clock,
            ScriptedProviderFactory bareMetal,
            ScriptedProviderFactory docker) {
        return Fraisier.builder()
                .config(config)
                .store(store)
                .clock(clock)
                .provider(bareMetal, docker)
                .discoverListeners(false)
                .environment(Map.of())
                .holderId("test-host:1")
                .build();
    }

    /** The store's webhook events, oldest first. */
    /** A signed GitHub push of main at {@link Payloads#SHA} to the daemon on {@code port}, as GitHub sends it. */
    static java.net.http.HttpRequest.Builder githubPush(int port, String delivery) {
        String payload = Payloads.githubPush("refs/heads/main", Payloads.SHA, false);
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + Payloads.hmacHex(GITHUB_SECRET, payload))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(payload));
    }

    static List<WebhookEvent> events(InMemoryStore store) {
        return store.webhooks().recent(1000).reversed();
    }

    private static FraiseConfig fraise(String name, Map<String, String> providers) {
        Map<String, EnvironmentConfig> environments = new LinkedHashMap<>();
        providers.forEach((env, provider) -> environments.put(
                env,
                new EnvironmentConfig(
                        Target.of(name, env),
                        provider,
                        null,
                        Duration.ofSeconds(300),
                        Duration.ofSeconds(600),
                        true,
                        new HealthCheck(null, null, null, null, Duration.ofSeconds(5), 3, Duration.ofSeconds(2)),
                        ProviderSettings.empty("fraises." + name + ".environments." + env))));
        return new FraiseConfig(name, "api", null, environments);
    }
}
