package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.model.Frame;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.CommandResult;
import io.fraisier.providers.shell.CommandRunner;
import io.fraisier.providers.shell.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs commands inside a container with {@code docker exec}, so health commands see the service as it
 * sees itself. A command that outlives its timeout is reported as timed out; the daemon has no API to
 * kill an exec, so it may run on inside the container until it ends by itself.
 *
 * <p>Thread-safe (each call creates its own exec).
 */
final class DockerExecRunner implements CommandRunner {
    private static final int MAX_OUTPUT = 16 * 1024;

    private final Supplier<DockerClient> client;
    private final String container;
    private final DockerErrors errors;

    DockerExecRunner(Supplier<DockerClient> client, String container, DockerErrors errors) {
        this.client = client;
        this.container = container;
        this.errors = errors;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        long start = System.nanoTime();
        String execId;
        try {
            ExecCreateCmd create = client.get()
                    .execCreateCmd(container)
                    .withCmd(spec.argv().toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withEnv(spec.env().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .toList());
            if (spec.workDir() != null) {
                create.withWorkingDir(spec.workDir());
            }
            execId = create.exec().getId();
        } catch (RuntimeException e) {
            return CommandResult.notStarted(
                    errors.translate("docker exec in container " + container, e).getMessage());
        }
        StringBuilder output = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (output) {
                    if (output.length() < MAX_OUTPUT) {
                        output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }
            }
        };
        boolean finished;
        try {
            client.get().execStartCmd(execId).exec(callback);
            finished = callback.awaitCompletion(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(callback);
            throw new FraisierException(
                    ErrorCode.INTERRUPTED, "interrupted while running `" + spec.display() + "` in " + container);
        } catch (RuntimeException e) {
            closeQuietly(callback);
            return CommandResult.notStarted(
                    errors.translate("docker exec in container " + container, e).getMessage());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String text;
        synchronized (output) {
            text = output.toString();
        }
        if (!finished) {
            closeQuietly(callback);
            return new CommandResult(true, -1, true, text, took);
        }
        Long exit = errors.call(
                "inspecting exec in " + container,
                () -> client.get().inspectExecCmd(execId).exec().getExitCodeLong());
        return new CommandResult(true, exit == null ? -1 : exit.intValue(), false, text, took);
    }

    private static void closeQuietly(ResultCallback.Adapter<Frame> callback) {
        try {
            callback.close();
        } catch (Exception ignored) {
            // the exec's stream is abandoned either way
        }
    }
}
