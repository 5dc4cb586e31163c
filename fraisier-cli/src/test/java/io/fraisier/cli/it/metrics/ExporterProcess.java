package io.fraisier.cli.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A forked {@code fraisier metrics --address 127.0.0.1 --port P -c fraises.yaml}, stopped with SIGTERM. */
final class ExporterProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("Serving metrics on (http://\\S+) from ");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final URI url;

    private ExporterProcess(Process process, Path log, URI url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts the exporter of {@code site} on {@code port} (0: any free one) and waits until it says where it serves. */
    static ExporterProcess start(DeploymentSite site, int port, String name) {
        Path log = site.dir().resolve(name + ".log");
        try {
            Process process = ForkedFraisier.builder(
                            site.dir(),
                            site.env(),
                            List.of(
                                    "metrics",
                                    "--port",
                                    String.valueOf(port),
                                    "--address",
                                    "127.0.0.1",
                                    "-c",
                                    site.config().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Instant deadline = Instant.now().plus(STARTUP);
            while (Instant.now().isBefore(deadline)) {
                Matcher serving = SERVING.matcher(Files.readString(log));
                if (serving.find()) {
                    return new ExporterProcess(process, log, URI.create(serving.group(1)));
                }
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "fraisier metrics exited " + process.exitValue() + ":\n" + Files.readString(log));
                }
                Thread.sleep(50);
            }
            process.destroyForcibly().waitFor();
            throw new AssertionError(
                    "fraisier metrics never said where it serves within " + STARTUP + ":\n" + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url() {
        return url;
    }

    /**
     * SIGTERM, as systemd would send: the exporter stops serving, closes its store and exits 143 (128 + 15),
     * the status INSTALL.md documents for SIGTERM.
     */
    void stop() throws IOException, InterruptedException {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS))
                .as("fraisier metrics stops on SIGTERM")
                .isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isEqualTo(143);
        assertThat(output).contains("Stopped serving metrics.");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
