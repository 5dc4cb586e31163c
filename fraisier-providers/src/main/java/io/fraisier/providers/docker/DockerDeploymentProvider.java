package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.StepReporter;
import io.fraisier.providers.health.CommandProbe;
import io.fraisier.providers.health.HealthCheckProbe;
import io.fraisier.providers.health.HttpProbe;
import io.fraisier.providers.health.TcpProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Deploys one container per target on a Docker daemon: the new version's container is created beside the
 * running one, the old one is stopped (with a grace period) and kept as {@code <name>-previous}, so a
 * rollback restarts it without a download. Old tags of the image are pruned beyond {@code keep_images}.
 *
 * <p>Not thread-safe: the engine uses one instance per deployment. Connects lazily.
 */
public final class DockerDeploymentProvider implements DeploymentProvider {
    public static final String TYPE = "docker";
    /** How long {@code docker stop} waits for the old container before killing it. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);

    static final String LABEL_FRAISE = "fraisier.fraise";
    static final String LABEL_ENVIRONMENT = "fraisier.environment";
    static final String LABEL_VERSION = "fraisier.version";

    /**
     * How long inspecting a container or an image may wait for the daemon: a local lookup, answered in
     * milliseconds by a daemon that works. Without it, `fraisier status` or a dry run against a daemon that
     * took the connection and never answered waited for the client's 30-minute timeout.
     */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private final Target target;
    private final DockerSettings settings;
    private final Function<String, DockerClient> connector;
    private final Duration stopGrace;
    private final Duration answerWithin;
    private final DockerErrors errors;
    private final HttpProbe http = new HttpProbe();
    private @Nullable DockerClient client;
    private boolean closed;

    /**
     * @param connector opens a client for a {@code docker_host} (called once, on first use)
     * @param stopGrace how long the old container gets to stop before it is killed
     */
    public DockerDeploymentProvider(
            Target target, DockerSettings settings, Function<String, DockerClient> connector, Duration stopGrace) {
        this(target, settings, connector, stopGrace, ANSWER_WITHIN);
    }

    /** @param answerWithin how long an inspection may wait for the daemon ({@link #ANSWER_WITHIN}) */
    DockerDeploymentProvider(
            Target target,
            DockerSettings settings,
            Function<String, DockerClient> connector,
            Duration stopGrace,
            Duration answerWithin) {
        this.target = target;
        this.settings = settings;
        this.connector = connector;
        this.stopGrace = stopGrace;
        this.answerWithin = answerWithin;
        this.errors = new DockerErrors(settings.dockerHost());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Version> currentVersion() {
        return inspectContainer(settings.containerName()).flatMap(DockerDeploymentProvider::versionOf);
    }

    @Override
    public Version resolveTarget(@Nullable Version requested) {
        String tag = requested == null ? settings.tag() : requested.value();
        String reference = settings.image() + ":" + tag;
        try {
            DockerSettings.requireTag("version", tag);
        } catch (FraisierException e) {
            throw new FraisierException(
                    ErrorCode.NOT_FOUND, "Image " + reference + " cannot exist: " + e.getMessage(), e.hint());
        }
        if (inspectImage(reference).isPresent()) {
            return Version.of(tag);
        }
        Optional<String> pullError = pull(reference);
        if (pullError.isEmpty()) {
            return Version.of(tag);
        }
        throw new FraisierException(
                ErrorCode.NOT_FOUND,
                "Image " + reference + " is not on the Docker daemon at " + settings.dockerHost()
                        + " and could not be pulled: " + pullError.get(),
                "Build or pull " + reference + ", check 'image:'/'tag:' in " + settings.keyPath()
                        + ", or pass an existing tag with --version.");
    }

    @Override
    public List<String> plan(@Nullable Version current, Version target) {
        String reference = settings.reference(target.value());
        List<String> steps = new ArrayList<>();
        if (rollbackCandidate(target.value()).isPresent()) {
            steps.add("stop " + settings.containerName() + " (" + current + ") within " + stopGrace.toSeconds() + " s");
            steps.add("restart the kept container " + settings.previousName() + " (" + reference + ") as "
                    + settings.containerName() + ", no download");
            steps.add("keep " + current + " as " + settings.previousName());
            return steps;
        }
        steps.add("pull " + reference + " (the local image is used when the registry cannot be reached)");
        steps.add("create container " + settings.nextName() + " from " + reference + publishedPorts());
        steps.add(
                current == null
                        ? "no running container " + settings.containerName() + " to stop"
                        : "stop " + settings.containerName() + " (" + current + ") within " + stopGrace.toSeconds()
                                + " s");
        steps.add("keep the old container as " + settings.previousName() + " and rename " + settings.nextName() + " to "
                + settings.containerName());
        steps.add("start " + settings.containerName());
        steps.add(
                settings.keepImages() == 0
                        ? "keep every tag of " + settings.image()
                        : "prune tags of " + settings.image() + " beyond the newest " + settings.keepImages()
                                + " (never the current or previous one)");
        return steps;
    }

    @Override
    public void deploy(Version version, StepReporter steps) {
        String tag = version.value();
        try {
            DockerSettings.requireTag("version", tag);
        } catch (FraisierException e) {
            throw new FraisierException(
                    ErrorCode.DEPLOYMENT_FAILED, "Cannot deploy " + settings.image() + ": " + e.getMessage(), e.hint());
        }
        Optional<InspectContainerResponse> kept = rollbackCandidate(tag);
        ContainerSwap swap = new ContainerSwap(client(), settings, errors, stopGrace, steps);
        if (kept.isPresent()) {
            steps.step(
                    "image",
                    "the kept container " + settings.previousName() + " runs " + settings.reference(tag) + " ("
                            + shortId(kept.get().getImageId()) + "): no download");
            swap.restorePrevious();
        } else {
            String imageId = ensureImage(settings.reference(tag), steps);
            String created = swap.createNext(tag, labels(tag));
            steps.step(
                    "create",
                    "created " + settings.nextName() + " (" + shortId(created) + ") from " + settings.reference(tag)
                            + " (" + shortId(imageId) + ")");
            swap.replaceCurrent();
        }
        new ImagePruner(client(), settings, errors).prune(steps);
    }

    @Override
    public ProbeResult probe(HealthCheck check, Duration timeout) {
        CommandProbe inContainer =
                new CommandProbe(new DockerExecRunner(this::client, settings.containerName(), errors));
        return new HealthCheckProbe(http, new TcpProbe(), inContainer).probe(check, timeout, null, Map.of());
    }

    /**
     * The last {@code lines} lines of the target's container output ({@code docker logs --tail}); empty
     * when the container does not exist.
     *
     * @throws FraisierException when the daemon cannot be reached
     */
    @Override
    public List<String> recentLogs(int lines) {
        if (inspectContainer(settings.containerName()).isEmpty()) {
            return List.of(); // docker-java would log the daemon's 404 as an error
        }
        return new ContainerLogs(this::client, errors).tail(settings.containerName(), lines);
    }

    @Override
    public List<CheckResult> selfTest() {
        return new DockerSelfTest(settings, errors, RegistryCheck.throughDaemon(settings.dockerHost()))
                .run(this::client);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        if (client != null) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing only releases pooled connections
            }
            client = null;
        }
    }

    private DockerClient client() {
        if (closed) {
            throw new IllegalStateException("provider for " + target + " is closed");
        }
        if (client == null) {
            client = errors.call("connecting", () -> connector.apply(settings.dockerHost()));
        }
        return client;
    }

    /** The kept previous container when it runs exactly what {@code tag} names locally now. */
    private Optional<InspectContainerResponse> rollbackCandidate(String tag) {
        Optional<InspectContainerResponse> current = inspectContainer(settings.containerName());
        if (current.flatMap(DockerDeploymentProvider::versionOf)
                .map(Version::value)
                .filter(tag::equals)
                .isPresent()) {
            return Optional.empty(); // a redeploy recreates the container, e.g. to pick up a re-pushed tag
        }
        Optional<InspectContainerResponse> previous = inspectContainer(settings.previousName());
        if (previous.flatMap(DockerDeploymentProvider::versionOf)
                .map(Version::value)
                .filter(tag::equals)
                .isEmpty()) {
            return Optional.empty();
        }
        Optional<String> localId = inspectImage(settings.reference(tag)).map(InspectImageResponse::getId);
        // a tag that now names another image (re-pushed, rebuilt) is deployed afresh, not restored
        return localId.filter(id -> id.equals(previous.get().getImageId())).flatMap(id -> previous);
    }

    private String ensureImage(String reference, StepReporter steps) {
        Optional<String> pullError = pull(reference);
        Optional<InspectImageResponse> local = inspectImage(reference);
        if (pullError.isEmpty() && local.isPresent()) {
            steps.step(
                    "pull", "pulled " + reference + " (" + shortId(local.get().getId()) + ")");
            return local.get().getId();
        }
        if (local.isPresent()) {
            steps.step(
                    "pull",
                    "pull of " + reference + " failed (" + pullError.orElse("image missing after pull")
                            + "); using the local image " + shortId(local.get().getId()));
            return local.get().getId();
        }
        throw new FraisierException(
                ErrorCode.DEPLOYMENT_FAILED,
                "Image " + reference + " is neither on the Docker daemon at " + settings.dockerHost()
                        + " nor pullable: " + pullError.orElse("missing after pull"),
                "Push " + reference + " to its registry (and `docker login` on the daemon's host) or build it there.");
    }

    /** Pulls {@code reference}; empty when it worked, else why not. Never throws for a registry failure. */
    private Optional<String> pull(String reference) {
        int colon = reference.lastIndexOf(':');
        QuietPull callback = new QuietPull();
        RuntimeException failure = null;
        try {
            client().pullImageCmd(reference.substring(0, colon))
                    .withTag(reference.substring(colon + 1))
                    .exec(callback)
                    .awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FraisierException(ErrorCode.INTERRUPTED, "interrupted while pulling " + reference);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (callback.error != null) {
            failure = callback.error instanceof RuntimeException r ? r : new IllegalStateException(callback.error);
        }
        if (failure == null) {
            return Optional.empty();
        }
        FraisierException translated = errors.translate("pulling " + reference, failure);
        if (translated.code() == ErrorCode.PROVIDER_UNREACHABLE) {
            throw translated;
        }
        return Optional.of(DockerErrors.reason(failure));
    }

    /** Keeps a pull's error for the caller instead of docker-java logging it at ERROR level. */
    private static final class QuietPull extends PullImageResultCallback {
        private volatile @Nullable Throwable error;

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            try {
                close();
            } catch (IOException ignored) {
                // the stream is over either way
            }
        }
    }

    Optional<InspectContainerResponse> inspectContainer(String name) {
        try {
            DockerClient docker = client(); // made here, not on the waiting thread
            return Optional.of(errors.within(
                    answerWithin,
                    "inspecting container " + name,
                    () -> docker.inspectContainerCmd(name).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (FraisierException e) {
            throw e; // the daemon did not answer in time (DockerErrors.within)
        } catch (RuntimeException e) {
            throw errors.translate("inspecting container " + name, e);
        }
    }

    private Optional<InspectImageResponse> inspectImage(String reference) {
        try {
            DockerClient docker = client(); // made here, not on the waiting thread
            return Optional.of(errors.within(
                    answerWithin,
                    "inspecting image " + reference,
                    () -> docker.inspectImageCmd(reference).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (NotModifiedException e) {
            return Optional.empty();
        } catch (FraisierException e) {
            throw e; // the daemon did not answer in time (DockerErrors.within)
        } catch (RuntimeException e) {
            throw errors.translate("inspecting image " + reference, e);
        }
    }

    private Map<String, String> labels(String tag) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(settings.labels());
        labels.put(LABEL_FRAISE, target.fraise());
        labels.put(LABEL_ENVIRONMENT, target.environment());
        labels.put(LABEL_VERSION, tag);
        return labels;
    }

    private String publishedPorts() {
        return settings.ports().isEmpty()
                ? ""
                : ", publishing "
                        + String.join(
                                ", ",
                                settings.ports().stream()
                                        .map(PortMapping::toString)
                                        .toList());
    }

    /** The tag a container runs: from its image reference, else the version label Fraisier put on it. */
    static Optional<Version> versionOf(InspectContainerResponse container) {
        String image =
                container.getConfig() == null ? null : container.getConfig().getImage();
        Optional<String> tag = Optional.ofNullable(image).flatMap(DockerDeploymentProvider::tagOf);
        if (tag.isEmpty()
                && container.getConfig() != null
                && container.getConfig().getLabels() != null) {
            tag = Optional.ofNullable(container.getConfig().getLabels().get(LABEL_VERSION));
        }
        return tag.filter(t -> t.matches(Version.GRAMMAR)).map(Version::of);
    }

    /** {@code registry:5000/app:v1} → {@code v1}; a reference without a tag has none. */
    static Optional<String> tagOf(String reference) {
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (reference.contains("@") || colon <= slash) {
            return Optional.empty();
        }
        return Optional.of(reference.substring(colon + 1));
    }

    static String shortId(@Nullable String id) {
        if (id == null) {
            return "unknown id";
        }
        String bare = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        return "sha256:" + bare.substring(0, Math.min(12, bare.length()));
    }
}
