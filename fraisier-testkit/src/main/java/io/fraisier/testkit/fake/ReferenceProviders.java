package io.fraisier.testkit.fake;

import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scripted factories of the five provider types of {@code fraisier-providers}, declaring the same keys,
 * so that core's configuration tests read {@code fraises.yaml} as the real providers would (core cannot
 * depend on them). {@code ReferenceProvidersMatchTest} in {@code fraisier-providers} fails when these
 * drift from the real schemas.
 */
public final class ReferenceProviders {
    private static final List<ProviderKey> SSH_OPTIONAL = List.of(
            ProviderKey.string("host", "host to connect to over SSH"),
            ProviderKey.hosts(
                            "hosts",
                            "several hosts, rolled out in batches (see rollout:): [user@]host[:port], or mappings of"
                                    + " these keys")
                    .conflictsWith("host", "hosts: lists a fleet's hosts, host: is a fleet of one"),
            ProviderKey.port("port", "SSH port").withDefault(22L).onlyWith("host"),
            ProviderKey.string("user", "remote account (default: the local user's name)"),
            ProviderKey.string("key_path", "private key (default: ~/.ssh/id_ed25519, then ~/.ssh/id_rsa)"),
            ProviderKey.variableName("key_passphrase_env", "environment variable holding the private key's passphrase"),
            ProviderKey.string("known_hosts", "host keys to trust")
                    .withDefault("~/.ssh/known_hosts")
                    .onlyWith("host"),
            ProviderKey.string("host_key_fingerprint", "pinned SHA256:… host key fingerprint, instead of known_hosts"));
    private static final Set<String> SSH_NAMES =
            Set.of("host", "port", "user", "key_path", "key_passphrase_env", "known_hosts", "host_key_fingerprint");
    private static final List<ProviderKey> CHECKOUT = List.of(
            ProviderKey.string("app_path", "the checkout (in_place), or the folder of releases/ and current (releases)")
                    .asRequired(),
            ProviderKey.string("git_repo", "where the code comes from"),
            ProviderKey.choice(
                            "strategy",
                            List.of("in_place", "releases"),
                            "in_place (fetch + checkout) or releases (release dirs + symlink)")
                    .withDefault("in_place"),
            ProviderKey.integer("keep_releases", 1, Integer.MAX_VALUE, "releases kept (releases strategy)")
                    .withDefault(5L),
            ProviderKey.string("install_command", "run in the new checkout before the restart"),
            ProviderKey.string("systemd_service", "unit restarted with systemctl"),
            ProviderKey.string("restart_command", "run in the deployed folder to restart, instead of systemd_service")
                    .conflictsWith("systemd_service", "restart_command replaces the systemd restart"),
            ProviderKey.bool("use_sudo", "run systemctl through sudo -n").withDefault(false),
            ProviderKey.string("log_command", "prints the service's recent log (instead of journalctl)"));

    private ReferenceProviders() {}

    /** Fresh factories of the five types, in CONFIG.md order (bare_metal, local, docker, docker_compose, coolify). */
    public static List<DeploymentProviderFactory> all() {
        return List.of(
                new ScriptedProviderFactory("bare_metal", bareMetal()),
                new ScriptedProviderFactory(
                        "local",
                        local(),
                        key -> SSH_NAMES.contains(key)
                                ? "local runs commands on this host: it has no host/port/user/key keys"
                                : null),
                new ScriptedProviderFactory("docker", docker()),
                new ScriptedProviderFactory("docker_compose", compose()),
                new ScriptedProviderFactory("coolify", coolify()));
    }

    private static List<ProviderKey> local() {
        List<ProviderKey> keys = new ArrayList<>(CHECKOUT);
        keys.add(ProviderKey.hosts(
                "hosts",
                "several checkouts on this host, rolled out in batches (see rollout:): mappings { host: NAME,"
                        + " app_path: … }"));
        return keys;
    }

    private static List<ProviderKey> bareMetal() {
        List<ProviderKey> keys = new ArrayList<>();
        keys.add(SSH_OPTIONAL.getFirst().asRequired());
        keys.addAll(SSH_OPTIONAL.subList(1, SSH_OPTIONAL.size()));
        keys.addAll(CHECKOUT);
        return keys;
    }

    private static List<ProviderKey> docker() {
        return List.of(
                ProviderKey.string("docker_host", "the daemon: unix:///path/to/docker.sock or tcp://host:port")
                        .withDefault("unix:///var/run/docker.sock"),
                ProviderKey.string("image", "repository without a tag (registry.example.com/my-api)")
                        .asRequired(),
                ProviderKey.string("tag", "tag deployed when no version is asked for")
                        .withDefault("latest"),
                ProviderKey.string("container_name", "the container (default: <fraise>-<environment>)"),
                ProviderKey.list("ports", "published ports, as docker run -p"),
                ProviderKey.map("env", "the container's environment (every value a secret)")
                        .asSecret(),
                ProviderKey.list("volumes", "source:/path/in/container[:ro]"),
                ProviderKey.map("labels", "extra container labels"),
                ProviderKey.string("network", "network to attach to (default: Docker's bridge)"),
                ProviderKey.integer("keep_images", 1, Integer.MAX_VALUE, "tags of image kept")
                        .withDefault(5L),
                ProviderKey.hosts(
                        "hosts",
                        "several daemons, rolled out in batches (see rollout:): mappings { host: NAME, docker_host:"
                                + " … }"));
    }

    private static List<ProviderKey> compose() {
        List<ProviderKey> keys = new ArrayList<>(List.of(
                ProviderKey.string("compose_file", "the compose file (absolute on the host when host: is set)")
                        .asRequired(),
                ProviderKey.string("project", "compose project name (default: compose's own)"),
                ProviderKey.string("service", "service whose image tag is deployed")
                        .asRequired(),
                ProviderKey.variableName("tag_variable", "variable the compose file reads the tag from")
                        .withDefault("IMAGE_TAG"),
                ProviderKey.string("compose_command", "\"docker compose\" or \"docker-compose\" (default: detected)")));
        keys.addAll(SSH_OPTIONAL);
        return keys;
    }

    private static List<ProviderKey> coolify() {
        return List.of(
                ProviderKey.url("api_url", "the Coolify instance (or its /api/v1)")
                        .asRequired(),
                ProviderKey.string("api_token", "API token (a secret)")
                        .asRequired()
                        .asSecret(),
                ProviderKey.string("application_uuid", "the application's uuid in Coolify")
                        .asRequired());
    }
}
