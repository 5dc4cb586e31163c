package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code notifications:}: channels checked against their type's keys, secrets kept as secrets. */
class NotificationsConfigTest {
    private static final Map<String, String> ENV = Map.of(
            "FRAISIER_NOTIFY_SECRET", "whsec-1",
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/xyz",
            "GITHUB_TOKEN", "ghp_abc");

    private static FraisierConfig parse(String yaml) {
        return new ConfigParser(ENV, ReferenceProviders.all()).parse(yaml, Path.of("fraises.yaml"));
    }

    private static List<String> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("the config is rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::format).toList();
    }

    @Test
    void theIssuesExample_parses_withDefaultsNamesAndSecrets() {
        FraisierConfig c = parse("""
                notifications:
                  - type: webhook
                    url: https://ops.example.com/fraisier
                    secret: ${FRAISIER_NOTIFY_SECRET}
                  - type: slack
                    url: ${SLACK_WEBHOOK_URL}
                    on: [failed, rolled_back, rollback_failed]
                  - type: github_deployments
                    token: ${GITHUB_TOKEN}
                    repository: acme/my_api
                  - type: email
                    host: smtp.example.com
                    from: fraisier@example.com
                    to: ops@example.com
                """);

        List<NotificationChannel> ch = c.notifications().channels();
        assertThat(ch)
                .extracting(NotificationChannel::name)
                .containsExactly("webhook-1", "slack-2", "github_deployments-3", "email-4");
        assertThat(ch.get(0).value("url")).isEqualTo("https://ops.example.com/fraisier");
        assertThat(ch.get(0).secret("secret")).isEqualTo(Secret.of("whsec-1"));
        assertThat(ch.get(0).on()).isEqualTo(NotificationChannel.DEFAULT_ON);
        assertThat(ch.get(1).value("url")).as("a Slack URL is a credential").isNull();
        assertThat(ch.get(1).secret("url")).isEqualTo(Secret.of("https://hooks.slack.com/services/T0/B0/xyz"));
        assertThat(ch.get(1).on())
                .containsExactlyInAnyOrder(
                        DeploymentStatus.FAILED, DeploymentStatus.ROLLED_BACK, DeploymentStatus.ROLLBACK_FAILED);
        assertThat(ch.get(2).value("api_url")).isEqualTo("https://api.github.com");
        assertThat(ch.get(3).value("port")).isEqualTo("587");
        assertThat(ch.get(3).value("starttls")).isEqualTo("true");
        assertThat(ch.get(3).list("to")).containsExactly("ops@example.com");
        assertThat(c.notifications().linkTemplate()).isNull();
        assertThat(c.toString() + ch).doesNotContain("whsec-1", "ghp_abc", "xyz");
        // every secret of a channel is masked in output
        assertThat(Scrubber.of(c, Map.of()).scrub("a whsec-1 b ghp_abc")).isEqualTo("a *** b ***");
    }

    @Test
    void theMappingForm_takesALinkTemplateAndChannels() {
        FraisierConfig c = parse("""
                notifications:
                  link_template: https://fraisier.example.com/d/{id}
                  channels:
                    - type: webhook
                      name: ops
                      url: https://ops.example.com/hook
                """);

        assertThat(c.notifications().linkTemplate()).isEqualTo("https://fraisier.example.com/d/{id}");
        assertThat(c.notifications().channel("ops")).isPresent();
    }

    @Test
    void aMalformedSlackUrl_isAProblemThatDoesNotShowIt() {
        assertThat(problems("notifications:\n  - type: slack\n    url: hooks.slack.com/services/T0/B0/sekret\n"))
                .singleElement()
                .asString()
                .contains("notifications[0].url: must be an http:// or https:// incoming-webhook URL")
                .doesNotContain("sekret");
    }

    @Test
    void anEmptyOn_isAProblem_notAChannelThatIsNeverTold() {
        assertThat(problems("notifications:\n  - type: webhook\n    url: https://a.example.com\n    on: []\n"))
                .containsExactly("fraises.yaml:4:9: notifications[0].on: names no status: list at least one (e.g."
                        + " [failed, rolled_back]) or remove on:");
    }

    @Test
    void absent_meansNone() {
        assertThat(parse("fraises: {}\n").notifications().isEmpty()).isTrue();
    }

    @Test
    void mistakes_areProblemsWithTheirPlace() {
        assertThat(problems("""
                        notifications:
                          - type: webhok
                            url: https://x.example.com
                          - type: slack
                          - type: webhook
                            url: not a url
                            on: [failed, done]
                          - type: github_deployments
                            token: t
                            repository: just-a-name
                            colour: red
                          - type: webhook
                            name: dup
                            url: https://a.example.com
                          - type: webhook
                            name: dup
                            url: https://b.example.com
                        """))
                .containsExactly(
                        "fraises.yaml:2:11: notifications[0].type: unknown notification type 'webhok'; expected one"
                                + " of webhook, slack, github_deployments, email, grafana_annotation (did you mean"
                                + " 'webhook'?)",
                        "fraises.yaml:4:5: notifications[1]: missing key 'url' for a slack channel",
                        "fraises.yaml:6:10: notifications[2].url: must be an http:// or https:// URL with a host,"
                                + " got 'not a url'",
                        "fraises.yaml:7:18: notifications[2].on[1]: unknown status 'done'; expected one of success,"
                                + " failed, rolled_back, rollback_failed, skipped, superseded, interrupted, cancelled",
                        "fraises.yaml:10:17: notifications[3].repository: must be owner/name (e.g. acme/my_api), got"
                                + " 'just-a-name'",
                        "fraises.yaml:11:5: notifications[3].colour: unknown key 'colour'",
                        "fraises.yaml:15:5: notifications[5]: channel name 'dup' is used twice; give each its own"
                                + " name:");
    }
}
