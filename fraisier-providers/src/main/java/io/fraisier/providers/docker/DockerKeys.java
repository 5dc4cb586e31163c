package io.fraisier.providers.docker;

import io.fraisier.core.spi.ProviderKey;
import java.util.List;

/** The keys of a {@code docker} environment; see {@link DockerSettings}. */
public final class DockerKeys {
    public static final ProviderKey DOCKER_HOST = ProviderKey.string(
                    "docker_host", "the daemon: unix:///path/to/docker.sock or tcp://host:port")
            .withDefault("unix:///var/run/docker.sock");
    public static final ProviderKey IMAGE = ProviderKey.string(
                    "image", "repository without a tag (registry.example.com/my-api)")
            .asRequired();
    public static final ProviderKey TAG = ProviderKey.string("tag", "tag deployed when no version is asked for")
            .withDefault("latest");
    public static final ProviderKey CONTAINER_NAME =
            ProviderKey.string("container_name", "the container (default: <fraise>-<environment>)");
    public static final ProviderKey PORTS = ProviderKey.list("ports", "published ports, as docker run -p");
    public static final ProviderKey ENV = ProviderKey.map("env", "the container's environment (every value a secret)")
            .asSecret();
    public static final ProviderKey VOLUMES = ProviderKey.list("volumes", "source:/path/in/container[:ro]");
    public static final ProviderKey LABELS = ProviderKey.map("labels", "extra container labels");
    public static final ProviderKey NETWORK =
            ProviderKey.string("network", "network to attach to (default: Docker's bridge)");
    public static final ProviderKey KEEP_IMAGES = ProviderKey.integer(
                    "keep_images", 1, Integer.MAX_VALUE, "tags of image kept")
            .withDefault(5L);

    /** Several daemons as one fleet: each host a mapping naming it and its {@code docker_host}. */
    public static final ProviderKey HOSTS = ProviderKey.hosts(
            "hosts", "several daemons, rolled out in batches (see rollout:): mappings { host: NAME, docker_host: … }");

    /** In documentation order. */
    public static final List<ProviderKey> ALL =
            List.of(DOCKER_HOST, IMAGE, TAG, CONTAINER_NAME, PORTS, ENV, VOLUMES, LABELS, NETWORK, KEEP_IMAGES, HOSTS);

    private DockerKeys() {}
}
