package io.fraisier.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fraisier.core.config.ConfigException;
import io.fraisier.core.config.ConfigProblem;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.config.Scrubber;
import io.fraisier.core.config.Secret;
import io.fraisier.core.model.DeployRequest;
import io.fraisier.core.model.DeploymentOutcome;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ScriptedProviderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A provider type that Fraisier does not ship, handed to {@code Fraisier.builder().provider(…)}, is
 * configured in {@code fraises.yaml} through the keys its factory declares, and deploys.
 */
class CustomProviderSchemaTest {
    private static final Path FILE = Path.of("fraises.yaml");
    private static final Target TARGET = Target.of("api", "prod");

    /** A made-up "nomad" provider: scripted deployments, its own schema, and a record of what it was given. */
    private static final class NomadFactory implements DeploymentProviderFactory {
        final ScriptedProviderFactory scripted = new ScriptedProviderFactory(
                "nomad",
                List.of(
                        ProviderKey.string("job", "the Nomad job").asRequired(),
                        ProviderKey.integer("count", 1, 50, "instances").withDefault(2L),
                        ProviderKey.bool("canary", "deploy one canary first").withDefault(false),
                        ProviderKey.string("acl", "the ACL token").asSecret()));
        final List<ProviderSettings> given = new ArrayList<>();

        @Override
        public String type() {
            return scripted.type();
        }

        @Override
        public List<ProviderKey> keys() {
            return scripted.keys();
        }

        @Override
        public DeploymentProvider create(ProviderContext context) {
            given.add(context.settings());
            return scripted.create(context);
        }
    }

    @Test
    void aProviderHandedToTheBuilder_isConfiguredByItsOwnKeys_andDeploys() {
        NomadFactory nomad = new NomadFactory();
        nomad.scripted.target(TARGET).running(Version.of("v1"));
        FraisierBuilder builder = Fraisier.builder()
                .provider(nomad)
                .store(new InMemoryStore())
                .environment(Map.of("NOMAD_ACL", "acl-7f3c9e1d"));

        FraisierConfig config = builder.configParser().parse("""
                fraises:
                  api:
                    environments:
                      prod:
                        provider: nomad
                        job: api-web
                        acl: ${NOMAD_ACL}
                """, FILE);

        ProviderSettings settings = config.environment("api", "prod").settings();
        assertThat(settings.values())
                .containsEntry("job", "api-web")
                .as("defaults come from the schema")
                .containsEntry("count", 2L)
                .containsEntry("canary", false);
        assertThat(settings.raw("acl")).isInstanceOf(Secret.class);
        assertThat(Scrubber.of(config, Map.of()).scrub("token acl-7f3c9e1d")).doesNotContain("acl-7f3c9e1d");
        try (Fraisier fraisier = builder.config(config).build()) {
            DeploymentOutcome outcome = fraisier.deploy(
                    DeployRequest.of(TARGET).withVersion(Version.of("v2")).by(Trigger.API, "test"));

            assertThat(outcome).isInstanceOf(DeploymentOutcome.Succeeded.class);
        }
        assertThat(nomad.scripted.target(TARGET).runningVersion()).isEqualTo(Version.of("v2"));
        assertThat(nomad.given)
                .first()
                .satisfies(s -> assertThat(s.number("count")).contains(2L));
    }

    @Test
    void itsKeys_areCheckedLikeTheBuiltInOnes_everyProblemAtOnceWithLineColumnAndSuggestion() {
        FraisierBuilder builder =
                Fraisier.builder().provider(new NomadFactory()).environment(Map.of());

        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> builder.configParser().parse("""
                        fraises:
                          api:
                            environments:
                              prod:
                                provider: nomad
                                jbo: api-web
                                count: 99
                              dev:
                                provider: nomda
                        """, FILE));

        assertThat(e.problems().stream().map(ConfigProblem::format))
                .containsExactly(
                        "fraises.yaml:4:7: fraises.api.environments.prod: missing required key 'job' for provider"
                                + " nomad (environment api/prod)",
                        "fraises.yaml:6:9: fraises.api.environments.prod.jbo: unknown key 'jbo' (did you"
                                + " mean 'job'?)",
                        "fraises.yaml:7:16: fraises.api.environments.prod.count: must be a whole number from 1 to"
                                + " 50, got 99",
                        "fraises.yaml:9:19: fraises.api.environments.dev.provider: unknown provider 'nomda';"
                                + " expected one of nomad (did you mean 'nomad'?)");
    }

    @Test
    void aFactoryThatRedeclaresACommonKey_isRefused() {
        ScriptedProviderFactory bad =
                new ScriptedProviderFactory("odd", List.of(ProviderKey.duration("timeout", "clashes")));

        assertThat(catchThrowableOfType(
                        IllegalArgumentException.class,
                        () -> Fraisier.builder().provider(bad).configParser()))
                .hasMessageContaining("provider odd declares key 'timeout', which every environment already has");
    }
}
