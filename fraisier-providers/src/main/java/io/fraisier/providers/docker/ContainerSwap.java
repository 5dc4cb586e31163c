package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.StepReporter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The container moves of one deployment: {@code <name>-next} is created, the running {@code <name>} is
 * stopped and becomes {@code <name>-previous}, the new one takes the name and starts. When the new one
 * cannot start, the old one is put back and started again.
 *
 * <p>Not thread-safe (one per deployment).
 */
final class ContainerSwap {
    private final DockerClient client;
    private final DockerSettings settings;
    private final DockerErrors errors;
    private final Duration stopGrace;
    private final StepReporter steps;

    ContainerSwap(
            DockerClient client, DockerSettings settings, DockerErrors errors, Duration stopGrace, StepReporter steps) {
        this.client = client;
        this.settings = settings;
        this.errors = errors;
        this.stopGrace = stopGrace;
        this.steps = steps;
    }

    /** Creates {@code <name>-next} from {@code image:tag} with the configured settings; returns its id. */
    String createNext(String tag, Map<String, String> labels) {
        removeIfPresent(settings.nextName(), "a leftover of an interrupted deployment");
        List<ExposedPort> exposed =
                settings.ports().stream().map(ContainerSwap::exposed).toList();
        Ports bindings = new Ports();
        for (PortMapping p : settings.ports()) {
            bindings.bind(
                    exposed(p),
                    p.hostPort() == null
                            ? Ports.Binding.bindIp(p.address())
                            : Ports.Binding.bindIpAndPort(p.address(), p.hostPort()));
        }
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(bindings)
                .withBinds(settings.volumes().stream().map(ContainerSwap::bind).toList())
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart());
        if (settings.network() != null) {
            host.withNetworkMode(settings.network());
        }
        String reference = settings.reference(tag);
        return errors.call(
                "creating container " + settings.nextName() + " from " + reference,
                () -> client.createContainerCmd(reference)
                        .withName(settings.nextName())
                        .withEnv(settings.env().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .sorted()
                                .toList())
                        .withLabels(labels)
                        .withExposedPorts(exposed)
                        .withHostConfig(host)
                        .exec()
                        .getId());
    }

    /** Stops the running container, keeps it as {@code -previous} and starts {@code -next} in its place. */
    void replaceCurrent() {
        Optional<InspectContainerResponse> current = inspect(settings.containerName());
        current.ifPresent(c -> stop(settings.containerName()));
        removeIfPresent(settings.previousName(), "the version before the current one");
        if (current.isPresent()) {
            rename(settings.containerName(), settings.previousName());
        }
        rename(settings.nextName(), settings.containerName());
        try {
            start(settings.containerName());
        } catch (FraisierException e) {
            removeIfPresent(settings.containerName(), "the container that did not start");
            if (current.isPresent()) {
                rename(settings.previousName(), settings.containerName());
                start(settings.containerName());
                steps.step("start", "restarted the old container " + settings.containerName());
            }
            throw e;
        }
        steps.step(
                "start",
                "started " + settings.containerName()
                        + (current.isPresent()
                                ? "; the old container is kept stopped as " + settings.previousName()
                                : ""));
    }

    /** Brings the kept {@code -previous} container back as the current one; the current becomes previous. */
    void restorePrevious() {
        Optional<InspectContainerResponse> current = inspect(settings.containerName());
        removeIfPresent(settings.nextName(), "a leftover of an interrupted deployment");
        if (current.isPresent()) {
            stop(settings.containerName());
            rename(settings.containerName(), settings.nextName());
        }
        rename(settings.previousName(), settings.containerName());
        try {
            start(settings.containerName());
        } catch (FraisierException e) {
            rename(settings.containerName(), settings.previousName());
            if (current.isPresent()) {
                rename(settings.nextName(), settings.containerName());
                start(settings.containerName());
            }
            throw e;
        }
        if (current.isPresent()) {
            rename(settings.nextName(), settings.previousName());
        }
        steps.step(
                "start",
                "started the kept container as " + settings.containerName()
                        + (current.isPresent()
                                ? "; the one it replaces is kept stopped as " + settings.previousName()
                                : ""));
    }

    private void stop(String name) {
        long start = System.nanoTime();
        try {
            client.stopContainerCmd(name)
                    .withTimeout((int) stopGrace.toSeconds())
                    .exec();
        } catch (NotModifiedException alreadyStopped) {
            steps.step("stop", name + " was not running");
            return;
        } catch (RuntimeException e) {
            throw errors.translate("stopping container " + name, e);
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        steps.step(
                "stop",
                "stopped " + name + " in " + millis + " ms (grace period " + stopGrace.toSeconds()
                        + " s, then SIGKILL)");
    }

    private void start(String name) {
        try {
            client.startContainerCmd(name).exec();
        } catch (NotModifiedException alreadyRunning) {
            return;
        } catch (RuntimeException e) {
            FraisierException translated = errors.translate("starting container " + name, e);
            throw new FraisierException(
                    translated.code() == ErrorCode.PROVIDER_UNREACHABLE
                            ? ErrorCode.PROVIDER_UNREACHABLE
                            : ErrorCode.DEPLOYMENT_FAILED,
                    translated.getMessage(),
                    "A port already in use on the host, a missing volume source or network are the usual causes.",
                    e);
        }
    }

    private void rename(String from, String to) {
        errors.run(
                "renaming container " + from + " to " + to,
                () -> client.renameContainerCmd(from).withName(to).exec());
    }

    private void removeIfPresent(String name, String what) {
        if (inspect(name).isEmpty()) {
            return;
        }
        errors.run(
                "removing container " + name,
                () -> client.removeContainerCmd(name).withForce(true).exec());
        steps.step("cleanup", "removed container " + name + " (" + what + ")");
    }

    private Optional<InspectContainerResponse> inspect(String name) {
        try {
            return Optional.of(client.inspectContainerCmd(name).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw errors.translate("inspecting container " + name, e);
        }
    }

    private static ExposedPort exposed(PortMapping p) {
        return ExposedPort.parse(p.containerPort() + "/" + p.protocol());
    }

    private static Bind bind(String volume) {
        return Bind.parse(volume);
    }
}
