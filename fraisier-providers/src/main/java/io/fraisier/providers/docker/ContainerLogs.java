package io.fraisier.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The end of a container's output ({@code docker logs --tail N}), stdout and stderr interleaved as the
 * daemon stored them.
 *
 * <p>Not thread-safe (shares the provider's client).
 */
final class ContainerLogs {
    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final int MAX_LINES = 10_000;

    private final Supplier<DockerClient> client;
    private final DockerErrors errors;

    ContainerLogs(Supplier<DockerClient> client, DockerErrors errors) {
        this.client = client;
        this.errors = errors;
    }

    /**
     * The last {@code lines} lines of {@code container}'s log; empty when the container does not exist.
     *
     * @throws FraisierException {@code PROVIDER_UNREACHABLE} (and the like) when the daemon cannot be
     *     asked, {@code INTERRUPTED} when the calling thread is interrupted
     */
    List<String> tail(String container, int lines) {
        int n = Math.max(1, Math.min(lines, MAX_LINES));
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try {
            client.get()
                    .logContainerCmd(container)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(n)
                    .exec(callback)
                    .awaitCompletion(QUICK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (NotFoundException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FraisierException(ErrorCode.INTERRUPTED, "interrupted while reading the logs of " + container);
        } catch (RuntimeException e) {
            throw errors.translate("reading the logs of container " + container, e);
        } finally {
            try {
                callback.close();
            } catch (Exception ignored) {
                // the log stream is abandoned either way
            }
        }
        List<String> all;
        synchronized (text) {
            all = text.toString().lines().toList();
        }
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
