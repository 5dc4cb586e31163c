package io.fraisier.providers.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.error.Unchecked;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Translates docker-java's exceptions into {@link FraisierException}s naming {@code docker_host} and what
 * was being done, so no docker-java type leaves this package.
 *
 * <p>Thread-safe (immutable).
 */
final class DockerErrors {
    private final String dockerHost;

    DockerErrors(String dockerHost) {
        this.dockerHost = dockerHost;
    }

    /** Runs {@code call}, translating whatever docker-java throws; {@code doing} reads "creating container x". */
    <T> T call(String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (FraisierException e) {
            throw e;
        } catch (RuntimeException e) {
            throw translate(doing, e);
        }
    }

    /**
     * {@code call}'s answer when it comes within {@code limit}, on a thread of its own; else {@link
     * ErrorCode#PROVIDER_UNREACHABLE} naming the daemon. docker-java's reads ignore interrupts and, on the Unix
     * socket, every timeout, and its client waits 30 minutes for an answer over TCP (image pulls stream for
     * long): a daemon, or a proxy in front of it, that takes the connection and never answers held the
     * caller that long. What {@code call} throws comes out as it is. The thread left waiting ends when the
     * provider closes its client.
     */
    <T> T within(Duration limit, String doing, Supplier<T> call) {
        FutureTask<T> task = new FutureTask<>(call::get);
        Thread.ofPlatform().daemon().name("fraisier-docker-call").start(task);
        try {
            return task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new FraisierException(
                    ErrorCode.PROVIDER_UNREACHABLE,
                    "The Docker daemon at " + dockerHost + " did not answer " + doing + " within " + limit.toSeconds()
                            + " s",
                    "Check that the daemon runs and answers there (`docker -H " + dockerHost + " version`); a"
                            + " proxy or firewall may take the connection without passing it on.");
        } catch (ExecutionException e) {
            throw Unchecked.cause(e);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new FraisierException(ErrorCode.INTERRUPTED, "Interrupted while " + doing);
        }
    }

    void run(String doing, Runnable call) {
        call(doing, () -> {
            call.run();
            return null;
        });
    }

    FraisierException translate(String doing, Throwable e) {
        if (permissionDenied(e)) {
            return new FraisierException(
                    ErrorCode.PROVIDER_UNREACHABLE,
                    "Permission denied on the Docker socket " + socketPath() + " while " + doing,
                    "Add the user running Fraisier to the docker group (usermod -aG docker USER, then log in"
                            + " again) or run as root; or set docker_host to a daemon this user may use.",
                    e);
        }
        if (e instanceof DockerException docker) {
            ErrorCode code = e instanceof NotFoundException ? ErrorCode.NOT_FOUND : ErrorCode.DEPLOYMENT_FAILED;
            return new FraisierException(
                    code,
                    "Docker daemon at " + dockerHost + " refused " + doing + ": HTTP " + docker.getHttpStatus() + " "
                            + daemonMessage(docker),
                    "See the daemon's reason above; `docker -H " + dockerHost + " …` gives the same answer.",
                    e);
        }
        if (hasCause(e, IOException.class)) {
            return unreachable(doing, rootMessage(e), e);
        }
        return new FraisierException(
                ErrorCode.PROVIDER_UNREACHABLE,
                "Docker daemon at " + dockerHost + " failed while " + doing + ": " + rootMessage(e),
                "Check docker_host and that dockerd is running (`docker -H " + dockerHost + " info`).",
                e);
    }

    FraisierException unreachable(String doing, String reason, Throwable cause) {
        return new FraisierException(
                ErrorCode.PROVIDER_UNREACHABLE,
                "Docker daemon unreachable at docker_host " + dockerHost + " while " + doing + ": " + reason,
                "Start dockerd (systemctl start docker) or fix docker_host in fraises.yaml; `docker -H " + dockerHost
                        + " info` must answer.",
                cause);
    }

    private String socketPath() {
        return dockerHost.startsWith("unix://") ? dockerHost.substring("unix://".length()) : dockerHost;
    }

    static boolean permissionDenied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                if (lower.contains("permission denied") || lower.contains("eacces")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Why a call failed, in the daemon's words when it answered. */
    static String reason(Throwable e) {
        return e instanceof DockerException docker ? daemonMessage(docker) : rootMessage(e);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
    }

    /** The daemon's JSON answer is {"message":"…"}; docker-java puts it, sometimes with a prefix, in the message. */
    private static String daemonMessage(DockerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        int start = message.indexOf("{\"message\":\"");
        if (start >= 0) {
            int end = message.lastIndexOf("\"}");
            if (end > start) {
                return message.substring(start + "{\"message\":\"".length(), end)
                        .replace("\\\"", "\"");
            }
        }
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("Status ") ? message.substring(colon + 2) : message;
    }
}
