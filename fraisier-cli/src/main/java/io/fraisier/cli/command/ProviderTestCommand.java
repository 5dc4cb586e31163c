package io.fraisier.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fraisier provider-test}. */
@Command(
        name = "provider-test",
        description = "Test that a provider is reachable (SSH, Docker socket, Coolify API) without deploying.")
public final class ProviderTestCommand extends FraisierSubcommand {
    @Parameters(
            index = "0",
            paramLabel = "PROVIDER|FRAISE",
            description = "A provider type (bare_metal, local, docker, docker_compose, coolify) or a fraise.")
    String subject;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "ENVIRONMENT",
            description = "With a fraise: the environment whose provider settings to test.")
    String environment;

    @Option(
            names = "--config-file",
            paramLabel = "F",
            description = "YAML file holding one provider's keys at top level (with a provider type).")
    Path configFile;

    @Override
    public Integer call() {
        if (configFile == null && environment != null) {
            config().environment(subject, environment);
        }
        throw notAvailable("the providers");
    }
}
