package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Version;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checks of {@code fraisier provider-test docker}: the daemon answers, which version it runs, and
 * whether the configured image:tag is there or, as a deployment would pull it, whether its registry has
 * it (asked through the daemon, nothing pulled). Stops at the first check that fails, since the next ones
 * would only repeat its reason.
 *
 * <p>Thread-safe (stateless).
 */
final class DockerSelfTest {
    /**
     * How long the daemon may take to answer one of these checks; the registry check, which the daemon
     * passes on to the registry, gets {@link #REGISTRY_WITHIN}. The client's own response timeout is long
     * (image pulls stream for minutes), so a daemon (or a proxy in front of it) that accepts the connection
     * and never answers held {@code fraisier provider-test} for 30 minutes, saying nothing.
     */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    static final Duration REGISTRY_WITHIN = Duration.ofSeconds(60);

    private final DockerSettings settings;
    private final DockerErrors errors;
    private final RegistryCheck registry;
    private final Duration answerWithin;
    private final Duration registryWithin;

    DockerSelfTest(DockerSettings settings, DockerErrors errors, RegistryCheck registry) {
        this(settings, errors, registry, ANSWER_WITHIN, REGISTRY_WITHIN);
    }

    DockerSelfTest(
            DockerSettings settings,
            DockerErrors errors,
            RegistryCheck registry,
            Duration answerWithin,
            Duration registryWithin) {
        this.settings = settings;
        this.errors = errors;
        this.registry = registry;
        this.answerWithin = answerWithin;
        this.registryWithin = registryWithin;
    }

    List<CheckResult> run(Supplier<DockerClient> client) {
        List<CheckResult> checks = new ArrayList<>();
        DockerClient docker;
        try {
            // made here, not on a thread left waiting for a daemon that does not answer
            docker = errors.call("connecting", client);
            errors.within(
                    answerWithin,
                    "pinging the daemon",
                    () -> errors.call(
                            "pinging the daemon", () -> docker.pingCmd().exec()));
            checks.add(CheckResult.pass("daemon", "reachable at " + settings.dockerHost()));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("daemon", e.getMessage() + (e.hint() == null ? "" : ". " + e.hint())));
            return checks;
        }
        try {
            Version version = errors.within(
                    answerWithin,
                    "asking the daemon's version",
                    () -> errors.call(
                            "asking the daemon's version",
                            () -> docker.versionCmd().exec()));
            checks.add(
                    CheckResult.pass("version", "Docker " + version.getVersion() + ", API " + version.getApiVersion()));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("version", e.getMessage()));
            return checks;
        }
        String reference = settings.reference(settings.tag());
        try {
            InspectImageResponse image = errors.within(
                    answerWithin,
                    "inspecting " + reference,
                    () -> docker.inspectImageCmd(reference).exec());
            checks.add(CheckResult.pass(
                    "image", reference + " is present (" + DockerDeploymentProvider.shortId(image.getId()) + ")"));
        } catch (NotFoundException e) {
            checks.add(notOnTheDaemon(docker, reference));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("image", e.getMessage() + (e.hint() == null ? "" : ". " + e.hint())));
        } catch (RuntimeException e) {
            checks.add(CheckResult.fail(
                    "image", errors.translate("inspecting " + reference, e).getMessage()));
        }
        return checks;
    }

    /** A deployment would pull it: fine when the registry has it, a failure naming the check otherwise. */
    private CheckResult notOnTheDaemon(DockerClient client, String reference) {
        try {
            String digest = errors.within(
                    registryWithin, "asking the registry for " + reference, () -> registry.digest(client, reference));
            return CheckResult.pass(
                    "image",
                    reference + " is not on the daemon yet; its registry has it (" + digest
                            + "), so a deployment will pull it");
        } catch (FraisierException e) {
            return CheckResult.fail("image", e.getMessage() + (e.hint() == null ? "" : ". " + e.hint()));
        }
    }
}
