package io.fraisier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The alert rules and the dashboard use only metrics the exporter really emits, and keep the guide's alerts. */
class MonitoringFilesTest {
    private static final Pattern METRIC = Pattern.compile("\\bfraisier_[a-zA-Z0-9_]+");

    /** The guide's four alerts (OPERATOR_GUIDE.md, "Alert Rules"), exactly as printed there. */
    private static final List<String> GUIDE_ALERTS = List.of("""
            - alert: HighDeploymentErrorRate
              expr: rate(fraisier_deployment_errors_total[5m]) > 0.1
              for: 5m
              labels:
                severity: warning
              annotations:
                summary: "High deployment error rate ({{ $value }} errors/sec)"
                description: "Deployment errors > 10% in last 5 minutes"
            """, """
            - alert: DeploymentTimeout
              expr: histogram_quantile(0.95, rate(fraisier_deployment_duration_seconds_bucket[5m])) > 600
              for: 5m
              labels:
                severity: warning
              annotations:
                summary: "Deployment p95 exceeds 10 minutes"
                description: "Deployments taking longer than expected"
            """, """
            - alert: ManyActiveDeployments
              expr: fraisier_active_deployments > 5
              for: 5m
              labels:
                severity: warning
              annotations:
                summary: "Too many simultaneous deployments ({{ $value }})"
                description: "More than 5 deployments running at once"
            """, """
            - alert: ProviderUnavailable
              expr: fraisier_provider_availability == 0
              for: 2m
              labels:
                severity: critical
              annotations:
                summary: "Provider unavailable: {{ $labels.provider }}"
                description: "Provider has been unavailable for 2 minutes"
            """);

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void alertRules_holdTheGuidesFourAlertsCharacterForCharacter() throws IOException {
        String rules = Files.readString(MonitoringFiles.dir().resolve("alert-rules.yml"));

        for (String alert : GUIDE_ALERTS) {
            String indented = alert.lines().map(line -> "      " + line).collect(Collectors.joining("\n", "", "\n"));
            assertThat(rules).contains(indented);
        }
        assertThat(alertNames())
                .containsExactly(
                        "HighDeploymentErrorRate",
                        "DeploymentTimeout",
                        "ManyActiveDeployments",
                        "ProviderUnavailable",
                        "RollbackFailed",
                        "HostUnavailable");
    }

    @Test
    void alertRules_useOnlyMetricsTheExporterEmits() throws IOException {
        Set<String> emitted = emittedSampleNames();
        List<String> used = new ArrayList<>();
        for (JsonNode rule : rules()) {
            used.addAll(metricNames(rule.get("expr").asText()));
        }

        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(emitted).contains(name));
    }

    @Test
    void dashboard_chartsOnlyMetricsTheExporterEmits() throws IOException {
        Set<String> emitted = emittedSampleNames();
        JsonNode dashboard = dashboard();
        List<String> used = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                used.addAll(metricNames(target.get("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            used.addAll(metricNames(variable.path("definition").asText()));
        }

        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(emitted).contains(name));
        assertThat(new TreeSet<>(used))
                .as("every family the exporter emits is on the dashboard")
                .containsAll(emittedFamiliesExceptProbeTimestamps());
    }

    @Test
    void dashboard_isImportableWithAPrometheusDataSourceUsedByEveryPanel() throws IOException {
        JsonNode dashboard = dashboard();

        JsonNode input = dashboard.at("/__inputs/0");
        assertThat(input.get("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.get("type").asText()).isEqualTo("datasource");
        assertThat(input.get("pluginId").asText()).isEqualTo("prometheus");
        JsonNode datasource = dashboard.at("/templating/list/0");
        assertThat(datasource.get("name").asText()).isEqualTo("datasource");
        assertThat(datasource.get("type").asText()).isEqualTo("datasource");
        assertThat(datasource.get("query").asText()).isEqualTo("prometheus");
        assertThat(datasource.at("/current/value").asText()).isEqualTo("${DS_PROMETHEUS}");
        List<String> titles = new ArrayList<>();
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asText());
            ids.add(panel.get("id").asInt());
            assertThat(panel.at("/datasource/uid").asText())
                    .as(panel.get("title").asText())
                    .isEqualTo("${datasource}");
            assertThat(panel.get("targets")).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            }
        }
        assertThat(ids).hasSameSizeAs(titles);
        assertThat(titles)
                .contains(
                        "Deployment rate by status",
                        "Success ratio",
                        "Deployment duration p50 / p95 / p99",
                        "Errors by type",
                        "Active deployments",
                        "Provider availability",
                        "Rollbacks",
                        "Lock wait p95");
    }

    private List<JsonNode> rules() throws IOException {
        JsonNode root =
                yaml.readTree(MonitoringFiles.dir().resolve("alert-rules.yml").toFile());
        List<JsonNode> rules = new ArrayList<>();
        root.get("groups").forEach(group -> group.get("rules").forEach(rules::add));
        return rules;
    }

    private List<String> alertNames() throws IOException {
        return rules().stream().map(rule -> rule.get("alert").asText()).toList();
    }

    private JsonNode dashboard() throws IOException {
        return json.readTree(
                MonitoringFiles.dir().resolve("grafana-dashboard.json").toFile());
    }

    private static List<String> metricNames(String expression) {
        List<String> names = new ArrayList<>();
        Matcher m = METRIC.matcher(expression);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** Names of the samples of a real scrape ({@code fraisier_x_bucket}, {@code fraisier_y_total}, …). */
    private static Set<String> emittedSampleNames() {
        List<String> lines = MonitoringFiles.withLiveExporter(url -> new ScrapeClient().lines(url));
        return lines.stream()
                .filter(line -> line.startsWith("fraisier_"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Sample names with histogram suffixes folded into their family, as dashboards quote them. */
    private static Set<String> emittedFamiliesExceptProbeTimestamps() {
        Set<String> families = new TreeSet<>();
        for (String name : emittedSampleNames()) {
            if (name.endsWith("_max") || name.endsWith("_timestamp_seconds")) {
                continue; // Micrometer's max gauge and the probe staleness gauge are for ad-hoc queries
            }
            families.add(name.replaceFirst("_(bucket|sum|count)$", "_bucket"));
        }
        return families;
    }
}
