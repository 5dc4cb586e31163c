package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Version;
import io.fraisier.core.api.FraisierException;
import io.fraisier.core.spi.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checks of {@code fraisier provider-test docker}: the daemon answers, which version it runs, and
 * whether the configured image:tag is there. Stops at the first check that fails, since the next ones
 * would only repeat its reason.
 *
 * <p>Thread-safe (stateless).
 */
final class DockerSelfTest {
    private final DockerSettings settings;
    private final DockerErrors errors;

    DockerSelfTest(DockerSettings settings, DockerErrors errors) {
        this.settings = settings;
        this.errors = errors;
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
            checks.add(CheckResult.fail(
                    "image",
                    reference + " is not on the daemon; a deployment will pull it (docker pull " + reference
                            + " now to check the registry)"));
        } catch (RuntimeException e) {
            checks.add(CheckResult.fail(
                    "image", errors.translate("inspecting " + reference, e).getMessage()));
        }
        return checks;
    }
}
