package io.fraisier.providers.compose;

import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.ssh.SshKeys;
import java.util.ArrayList;
import java.util.List;

/** The keys of a {@code docker_compose} environment; with {@code host:} set, compose runs over SSH. */
public final class ComposeKeys {
    public static final ProviderKey COMPOSE_FILE = ProviderKey.string(
                    "compose_file", "the compose file (absolute on the host when host: is set)")
            .asRequired();
    public static final ProviderKey PROJECT =
            ProviderKey.string("project", "compose project name (default: compose's own)");
    public static final ProviderKey SERVICE =
            ProviderKey.string("service", "service whose image tag is deployed").asRequired();
    public static final ProviderKey TAG_VARIABLE = ProviderKey.variableName(
                    "tag_variable", "variable the compose file reads the tag from")
            .withDefault("IMAGE_TAG");
    public static final ProviderKey COMPOSE_COMMAND =
            ProviderKey.string("compose_command", "\"docker compose\" or \"docker-compose\" (default: detected)");

    /** In documentation order: compose's keys, then the SSH keys ({@code host} optional). */
    public static final List<ProviderKey> ALL = all();

    private ComposeKeys() {}

    private static List<ProviderKey> all() {
        List<ProviderKey> keys =
                new ArrayList<>(List.of(COMPOSE_FILE, PROJECT, SERVICE, TAG_VARIABLE, COMPOSE_COMMAND));
        keys.addAll(SshKeys.keys(false));
        return List.copyOf(keys);
    }
}
