package io.fraisier.providers.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider schemas are written once, in each provider's keys class: docs/CONFIG.md's key tables and
 * core's {@link ReferenceProviders} (what core's config tests parse with) must say the same.
 */
class ProviderSchemaDocsTest {
    private static final String BEGIN = "<!-- BEGIN PROVIDER KEYS (ProviderSchemaDocsTest) -->\n";
    private static final String END = "<!-- END PROVIDER KEYS -->";

    @Test
    void configMd_keyTables_areTheSchemasOfTheInstalledProviders() throws IOException {
        String expected = tables(ConfigParser.installedProviders());
        Files.writeString(Path.of("target", "provider-keys.md"), expected);
        String page = Files.readString(Path.of("..", "docs", "CONFIG.md"));

        assertThat(page).contains(BEGIN).contains(END);
        assertThat(page.substring(page.indexOf(BEGIN) + BEGIN.length(), page.indexOf(END)))
                .as("docs/CONFIG.md's provider key tables (regenerated in target/provider-keys.md)")
                .isEqualTo(expected);
    }

    @Test
    void coresReferenceProviders_declareExactlyTheRealKeys() {
        List<DeploymentProviderFactory> real = ConfigParser.installedProviders();
        List<DeploymentProviderFactory> reference = ReferenceProviders.all();

        assertThat(reference.stream().map(DeploymentProviderFactory::type))
                .containsExactlyElementsOf(
                        real.stream().map(DeploymentProviderFactory::type).toList());
        for (int i = 0; i < real.size(); i++) {
            assertThat(reference.get(i).keys())
                    .as(real.get(i).type())
                    .containsExactlyElementsOf(real.get(i).keys());
            for (ProviderKey k : allKeys(real)) {
                assertThat(reference.get(i).foreignKeyNote(k.name()))
                        .as(real.get(i).type() + " note on " + k.name())
                        .isEqualTo(real.get(i).foreignKeyNote(k.name()));
            }
        }
    }

    private static List<ProviderKey> allKeys(List<DeploymentProviderFactory> factories) {
        return factories.stream().flatMap(f -> f.keys().stream()).toList();
    }

    private static String tables(List<DeploymentProviderFactory> factories) {
        StringBuilder out = new StringBuilder();
        for (DeploymentProviderFactory f : factories) {
            out.append("\n### `")
                    .append(f.type())
                    .append("`\n\n")
                    .append(f.description())
                    .append(".\n\n");
            out.append("| key | type | required | default | description |\n");
            out.append("|---|---|---|---|---|\n");
            for (ProviderKey k : f.keys()) {
                out.append("| `")
                        .append(k.name())
                        .append("` | ")
                        .append(type(k))
                        .append(" | ")
                        .append(k.required() ? "yes" : "")
                        .append(" | ")
                        .append(k.defaultText().isEmpty() ? "" : "`" + k.defaultText() + "`")
                        .append(
                                k.onlyWith() == null || k.defaultText().isEmpty()
                                        ? ""
                                        : " (with `" + k.onlyWith() + "`)")
                        .append(" | ")
                        .append(k.description().replace("|", "\\|"))
                        .append(k.conflictsWith() == null ? "" : "; not with `" + k.conflictsWith() + "`")
                        .append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    private static String type(ProviderKey k) {
        String t = switch (k.type()) {
            case CHOICE -> String.join(" \\| ", k.choices());
            case INT -> k.max() >= Integer.MAX_VALUE ? "integer ≥ " + k.min() : "integer " + k.min() + "–" + k.max();
            default -> k.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
        return k.secret() ? t + ", secret" : t;
    }
}
