package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Version;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
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
    private final DockerSettings settings;
    private final DockerErrors errors;
    private final RegistryCheck registry;

    DockerSelfTest(DockerSettings settings, DockerErrors errors, RegistryCheck registry) {
        this.settings = settings;
        this.errors = errors;
        this.registry = registry;
    }

    List<CheckResult> run(Supplier<DockerClient> client) {
        List<CheckResult> checks = new ArrayList<>();
        try {
            errors.run("pinging the daemon", () -> client.get().pingCmd().exec());
            checks.add(CheckResult.pass("daemon", "reachable at " + settings.dockerHost()));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("daemon", e.getMessage() + (e.hint() == null ? "" : ". " + e.hint())));
            return checks;
        }
        try {
            Version version = errors.call(
                    "asking the daemon's version",
                    () -> client.get().versionCmd().exec());
            checks.add(
                    CheckResult.pass("version", "Docker " + version.getVersion() + ", API " + version.getApiVersion()));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("version", e.getMessage()));
            return checks;
        }
        String reference = settings.reference(settings.tag());
        try {
            InspectImageResponse image = client.get().inspectImageCmd(reference).exec();
            checks.add(CheckResult.pass(
                    "image", reference + " is present (" + DockerDeploymentProvider.shortId(image.getId()) + ")"));
        } catch (NotFoundException e) {
            checks.add(notOnTheDaemon(client.get(), reference));
        } catch (RuntimeException e) {
            checks.add(CheckResult.fail(
                    "image", errors.translate("inspecting " + reference, e).getMessage()));
        }
        return checks;
    }

    /** A deployment would pull it: fine when the registry has it, a failure naming the check otherwise. */
    private CheckResult notOnTheDaemon(DockerClient client, String reference) {
        try {
            String digest = registry.digest(client, reference);
            return CheckResult.pass(
                    "image",
                    reference + " is not on the daemon yet; its registry has it (" + digest
                            + "), so a deployment will pull it");
        } catch (FraisierException e) {
            return CheckResult.fail("image", e.getMessage() + (e.hint() == null ? "" : ". " + e.hint()));
        }
    }
}
