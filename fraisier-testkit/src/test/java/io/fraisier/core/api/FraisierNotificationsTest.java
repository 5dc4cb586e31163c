package io.fraisier.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.NotificationChannel;
import io.fraisier.core.config.NotificationsConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Version;
import io.fraisier.testkit.fake.ConfigFixtures;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A deployment's end writes its notifications to the outbox with its terminal status: one message per channel
 * whose {@code on:} takes the status, with the deployment's details, and no secret.
 */
class FraisierNotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "tok-5f4e3d2c1b";

    final EngineHarness h = new EngineHarness();

    private static NotificationChannel channel(String name, String type, Set<DeploymentStatus> on) {
        return new NotificationChannel(
                name,
                type,
                on,
                Map.of("url", "https://ops.example.com/x"),
                Map.of("secret", Secret.of(TOKEN)),
                Map.of());
    }

    private Fraisier fraisier(NotificationsConfig notifications) {
        FraisierConfig base = ConfigFixtures.config(h.env);
        FraisierConfig config = new FraisierConfig(
                base.source(),
                base.database(),
                base.git(),
                base.webhook(),
                base.metrics(),
                base.branchMapping(),
                base.fraises(),
                base.freezeWindows(),
                notifications);
        return h.builder()
                .config(config)
                .environment(Map.of("API_TOKEN", TOKEN))
                .build();
    }

    private List<Notification> outbox() {
        return h.store.outbox().list(EnumSet.allOf(Notification.State.class), 50);
    }

    @Test
    void success_enqueuesOneMessagePerChannelThatTakesIt_withTheDeploymentsDetails() throws Exception {
        h.target().running(Version.of("v0")).defaultTarget(Version.of("v1"));
        NotificationsConfig n = new NotificationsConfig(
                List.of(
                        channel("ops", "webhook", NotificationChannel.DEFAULT_ON),
                        channel("chat", "slack", Set.of(DeploymentStatus.FAILED))),
                "https://fraisier.example.com/{fraise}/{environment}/{id}");

        try (Fraisier f = fraisier(n)) {
            DeploymentOutcome outcome = f.deploy(h.request().by(io.fraisier.core.model.Trigger.CLI, "alice"));
            assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        }

        List<Notification> messages = outbox();
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.channel()).isEqualTo("ops");
            assertThat(m.channelType()).isEqualTo("webhook");
            assertThat(m.event()).isEqualTo("success");
            assertThat(m.state()).isEqualTo(Notification.State.PENDING);
        });
        JsonNode body = JSON.readTree(messages.get(0).body());
        assertThat(body.path("event").asText()).isEqualTo("deployment.success");
        assertThat(body.path("delivery_id").asText()).isEqualTo(messages.get(0).deliveryId());
        assertThat(body.path("fraise").asText()).isEqualTo("my_api");
        assertThat(body.path("environment").asText()).isEqualTo("production");
        assertThat(body.path("status").asText()).isEqualTo("success");
        assertThat(body.path("old_version").path("full").asText()).isEqualTo("v0");
        assertThat(body.path("new_version").path("short").asText()).isEqualTo("v1");
        assertThat(body.path("duration_seconds").isNumber()).isTrue();
        assertThat(body.path("trigger").asText()).isEqualTo("cli");
        assertThat(body.path("triggered_by").asText()).isEqualTo("alice");
        assertThat(body.path("error_message").isNull()).isTrue();
        assertThat(body.path("hint").isNull()).isTrue();
        assertThat(body.path("link").asText()).isEqualTo("https://fraisier.example.com/my_api/production/1");
        assertThat(body.path("summary").asText()).startsWith("my_api/production: success (v0 → v1, ");
    }

    @Test
    void failure_carriesTheErrorAndAHint_withSecretsMasked() throws Exception {
        h.target()
                .running(Version.of("v0"))
                .defaultTarget(Version.of("v1"))
                .failBeforeSwitch("build", "auth " + TOKEN + " refused");
        NotificationsConfig n =
                new NotificationsConfig(List.of(channel("chat", "slack", Set.of(DeploymentStatus.FAILED))), null);

        try (Fraisier f = fraisier(n)) {
            assertThat(f.deploy(h.request())).isInstanceOf(DeploymentOutcome.Failed.class);
        }

        Notification m = outbox().get(0);
        assertThat(m.body()).doesNotContain(TOKEN);
        JsonNode body = JSON.readTree(m.body());
        assertThat(body.path("status").asText()).isEqualTo("failed");
        assertThat(body.path("error_message").asText()).contains("auth ***");
        assertThat(body.path("hint").asText()).contains("fraisier status my_api production");
    }

    @Test
    void aDeploymentLeftRunningByADeadProcess_isAnnouncedWhenRecoveryInterruptsIt() {
        io.fraisier.core.model.Deployment orphan = h.store
                .deployments()
                .create(
                        new io.fraisier.core.model.NewDeployment(
                                EngineHarness.TARGET,
                                "scripted",
                                io.fraisier.core.model.Trigger.CLI,
                                "bob",
                                null,
                                null,
                                null,
                                null,
                                false),
                        h.clock.instant());
        h.store
                .deployments()
                .transition(io.fraisier.core.spi.DeploymentUpdate.move(
                        orphan.id(), DeploymentStatus.PENDING, DeploymentStatus.IN_PROGRESS, 0, h.clock.instant()));

        try (Fraisier f = fraisier(
                new NotificationsConfig(List.of(channel("ops", "webhook", NotificationChannel.DEFAULT_ON)), null))) {
            assertThat(f.deployment(orphan.id()).status()).isEqualTo(DeploymentStatus.INTERRUPTED);
        }

        assertThat(outbox()).singleElement().satisfies(m -> {
            assertThat(m.event()).isEqualTo("interrupted");
            assertThat(m.deploymentId()).isEqualTo(orphan.id());
            assertThat(m.body()).contains("\"hint\":\"The process running it stopped");
        });
    }

    @Test
    void withoutChannels_nothingIsEnqueued() {
        h.target().running(Version.of("v0")).defaultTarget(Version.of("v1"));

        try (Fraisier f = fraisier(NotificationsConfig.none())) {
            f.deploy(h.request());
        }

        assertThat(outbox()).isEmpty();
    }
}
