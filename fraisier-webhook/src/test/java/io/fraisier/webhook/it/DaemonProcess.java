package io.fraisier.webhook.it;

import io.fraisier.webhook.WebhookMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code fraisier-webhook} daemon in a JVM of its own (the test classpath, {@link WebhookMain}), so that
 * a test can kill it outright. Its output goes to a log file; its port is read from the log line that
 * says where it listens.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private DaemonProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static DaemonProcess start(Path config, String databaseUrl, Path log) {
        return start(config, databaseUrl, log, List.of());
    }

    /** {@link #start(Path, String, Path)} with {@code extraClassPath} after the test class path. */
    static DaemonProcess start(Path config, String databaseUrl, Path log, List<Path> extraClassPath) {
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        for (Path entry : extraClassPath) {
            classPath.append(java.io.File.pathSeparator).append(entry);
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dorg.jooq.no-logo=true",
                        "-Dorg.jooq.no-tips=true",
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-cp",
                        classPath.toString(),
                        WebhookMain.class.getName(),
                        "-c",
                        config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put(ItDatabases.URL_VARIABLE, databaseUrl);
        builder.environment().remove("FRAISIER_CONFIG");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = read(log);
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return new DaemonProcess(process, log, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the daemon exited with " + process.exitValue() + ":\n" + text);
            }
            pause(Duration.ofMillis(50));
        }
        process.destroyForcibly();
        throw new IllegalStateException("the daemon did not listen within 60 s:\n" + read(log));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no drain, no shutdown hook. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd stops it. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    String log() {
        return read(log);
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
