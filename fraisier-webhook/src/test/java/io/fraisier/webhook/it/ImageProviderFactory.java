package io.fraisier.webhook.it;

import io.fraisier.core.config.HealthCheck;
import io.fraisier.core.model.ProbeResult;
import io.fraisier.core.model.Version;
import io.fraisier.core.spi.CheckResult;
import io.fraisier.core.spi.DeploymentProvider;
import io.fraisier.core.spi.DeploymentProviderFactory;
import io.fraisier.core.spi.ProviderKey;
import io.fraisier.core.spi.StepReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Provider type {@code it_image}, for the daemon's integration tests: it stands for the providers that
 * deploy an image per commit or ask an API ({@code docker}, {@code docker_compose}, {@code coolify}) and,
 * holding no git repository, keep the SPI defaults of {@code branchHead} and {@code isAncestor} (cannot
 * tell). It deploys by writing the version to {@code <state_dir>/running} and appending it to
 * {@code <state_dir>/deploys.log}; probes are healthy. While a file {@code <state_dir>/gate} exists, a
 * deployment that has begun waits (at most 60 s) before it writes the version. Registered only in the daemons that a test starts
 * with {@link #serviceEntry(Path)} on their class path, so no other test sees the type.
 */
public final class ImageProviderFactory implements DeploymentProviderFactory {
    static final String TYPE = "it_image";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<ProviderKey> keys() {
        return List.of(ProviderKey.string("state_dir", "where the running version is written")
                .asRequired());
    }

    @Override
    public DeploymentProvider create(ProviderContext context) {
        return new Image(Path.of(context.settings().requireString("state_dir")));
    }

    /** A class path entry (a folder under {@code dir}) that registers this factory with ServiceLoader. */
    static Path serviceEntry(Path dir) throws IOException {
        Path root = dir.resolve("it-image-spi");
        Path services = Files.createDirectories(root.resolve("META-INF").resolve("services"));
        Files.writeString(
                services.resolve(DeploymentProviderFactory.class.getName()),
                ImageProviderFactory.class.getName() + "\n");
        return root;
    }

    /** The versions deployed to the target whose state is in {@code stateDir}, in order. */
    static List<String> deployed(Path stateDir) throws IOException {
        Path log = stateDir.resolve("deploys.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** The version running on the target whose state is in {@code stateDir}, or null. */
    static @Nullable String running(Path stateDir) throws IOException {
        Path file = stateDir.resolve("running");
        return Files.exists(file) ? Files.readString(file).strip() : null;
    }

    private record Image(Path stateDir) implements DeploymentProvider {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Optional<Version> currentVersion() {
            try {
                return Optional.ofNullable(running(stateDir)).map(Version::of);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Version resolveTarget(@Nullable Version requested) {
            return requested != null ? requested : Version.of("latest");
        }

        @Override
        public List<String> plan(@Nullable Version current, Version target) {
            return List.of("run image:" + target);
        }

        @Override
        public void deploy(Version version, StepReporter steps) {
            steps.step("run", "running image:" + version);
            try {
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (Files.exists(stateDir.resolve("gate")) && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                Files.createDirectories(stateDir);
                Files.writeString(
                        stateDir.resolve("deploys.log"),
                        version.value() + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                Files.writeString(stateDir.resolve("running"), version.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the gate was closed", e);
            }
        }

        @Override
        public ProbeResult probe(HealthCheck check, Duration timeout) {
            return ProbeResult.healthy("image running", Duration.ZERO);
        }

        @Override
        public List<CheckResult> selfTest() {
            return List.of(CheckResult.pass("state", stateDir.toString()));
        }

        @Override
        public void close() {}
    }
}
