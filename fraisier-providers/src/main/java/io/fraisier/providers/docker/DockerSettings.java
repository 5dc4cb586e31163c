package io.fraisier.providers.docker;

import io.fraisier.core.config.EnvironmentConfig;
import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.Target;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code docker} keys of one environment, validated.
 *
 * @param dockerHost the daemon's address ({@code unix:///var/run/docker.sock}, {@code tcp://host:2375})
 * @param image the repository, without a tag ({@code registry.example.com/my-api})
 * @param tag the tag deployed when no version is asked for
 * @param containerName the container's name; {@code <name>-previous} holds the version before it
 * @param ports published ports
 * @param env the container's environment (values may come from secrets: never print them)
 * @param volumes {@code source:destination[:ro]} binds or named volumes
 * @param labels extra container labels
 * @param network the network to attach to, or null for Docker's default bridge
 * @param keepImages how many tags of {@code image} to keep (the current and previous ones always are); 0
 *     keeps everything
 * @param keyPath where these keys live in fraises.yaml, for messages
 */
public record DockerSettings(
        String dockerHost,
        String image,
        String tag,
        String containerName,
        List<PortMapping> ports,
        Map<String, String> env,
        List<String> volumes,
        Map<String, String> labels,
        @Nullable String network,
        int keepImages,
        String keyPath) {
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    // optional registry (host[:port]/), then lowercase path components; no tag, no digest
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public DockerSettings {
        ports = List.copyOf(ports);
        env = Map.copyOf(env);
        volumes = List.copyOf(volumes);
        labels = Map.copyOf(labels);
    }

    /**
     * @throws FraisierException {@code CONFIG_INVALID} naming the key when a value is malformed
     */
    public static DockerSettings from(Target target, EnvironmentConfig environment) {
        ProviderSettings s = environment.settings();
        String key = s.keyPath();
        String host = DockerKeys.DOCKER_HOST.text(s);
        if (!host.startsWith("unix://") && !host.startsWith("tcp://")) {
            throw invalid(key, "docker_host", host, "expected unix:///path/to/docker.sock or tcp://host:port");
        }
        String image = s.requireString("image");
        if (!IMAGE.matcher(image).matches()) {
            throw invalid(
                    key,
                    "image",
                    image,
                    "expected a repository without a tag (registry.example.com/my-api); put the tag in 'tag:'");
        }
        String tag = DockerKeys.TAG.text(s);
        requireTag(key + ".tag", tag);
        String name = s.string("container_name").orElse(target.fraise() + "-" + target.environment());
        if (!CONTAINER_NAME.matcher(name).matches()) {
            throw invalid(key, "container_name", name, "Docker names use letters, digits, '_', '.' and '-'");
        }
        List<PortMapping> ports = s.list("ports").stream()
                .map(p -> PortMapping.parse(key + ".ports", p))
                .toList();
        List<String> volumes = s.list("volumes");
        for (String volume : volumes) {
            try {
                com.github.dockerjava.api.model.Bind.parse(volume);
            } catch (IllegalArgumentException e) {
                throw invalid(key, "volumes", volume, "expected source:/path/in/container[:ro]");
            }
        }
        int keep = (int) DockerKeys.KEEP_IMAGES.whole(s);
        if (keep < 0) {
            throw invalid(key, "keep_images", String.valueOf(keep), "expected 0 (keep all) or more");
        }
        return new DockerSettings(
                host,
                image,
                tag,
                name,
                ports,
                s.map("env"),
                volumes,
                s.map("labels"),
                s.string("network").orElse(null),
                keep,
                key);
    }

    /** A tag as Docker accepts it; versions like {@code a/b} or {@code x:y} are not tags. */
    static String requireTag(String what, String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    what + ": '" + tag + "' is not a Docker tag",
                    "A tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.");
        }
        return tag;
    }

    /** {@code image:tag}. */
    public String reference(String tagValue) {
        return image + ":" + tagValue;
    }

    /** The container kept stopped after a deployment, for a rollback without a download. */
    public String previousName() {
        return containerName + "-previous";
    }

    /** The container of a deployment in progress, renamed to {@link #containerName} once started. */
    public String nextName() {
        return containerName + "-next";
    }

    private static FraisierException invalid(String keyPath, String key, String value, String why) {
        return new FraisierException(
                ErrorCode.CONFIG_INVALID,
                keyPath + "." + key + ": '" + value + "' is invalid: " + why,
                "Fix '" + key + ":' in fraises.yaml.");
    }
}
