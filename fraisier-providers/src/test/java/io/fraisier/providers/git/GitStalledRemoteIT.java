package io.fraisier.providers.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fraisier.core.error.FraisierException;
import io.fraisier.providers.shell.LocalCommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An HTTP remote that accepts the connection and then sends nothing (a stalled server, a black hole past
 * a proxy): real git gives up once the transfer stalled for {@code GIT_HTTP_LOW_SPEED_TIME}, instead of
 * holding its step until the command's timeout.
 */
class GitStalledRemoteIT {
    @Test
    void lsRemote_ofAServerThatNeverAnswers_endsWhenTheTransferStalls_notAtTheCommandTimeout() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        Socket s = silent.accept();
                        held.add(s);
                        InputStream in = s.getInputStream();
                        Thread.ofPlatform().daemon().start(() -> {
                            try {
                                in.transferTo(OutputStreamSink.INSTANCE); // read the request, answer nothing
                            } catch (IOException ignored) {
                                // the client went
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            // the stall window shortened for the test (a caller's value wins); the command's own limit is 120 s
            Git git = new Git(
                    new LocalCommandRunner(Map.of()), Duration.ofSeconds(120), Map.of("GIT_HTTP_LOW_SPEED_TIME", "2"));

            assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> assertThatThrownBy(() -> git.lsRemote(
                                    "http://127.0.0.1:" + silent.getLocalPort() + "/demo.git",
                                    List.of("refs/heads/main")))
                            .isInstanceOf(FraisierException.class)
                            .hasMessageNotContaining("did not finish within"));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void everyGitCommand_getsTheStallLimit_unlessTheCallerSetsItsOwn() {
        Git plain = new Git(spec -> null, Duration.ofSeconds(5), Map.of());
        assertThat(plain.spec("fetch", List.of("fetch")).env())
                .containsEntry("GIT_HTTP_LOW_SPEED_LIMIT", "1")
                .containsEntry("GIT_HTTP_LOW_SPEED_TIME", "60");
        Git own = new Git(spec -> null, Duration.ofSeconds(5), Map.of("GIT_HTTP_LOW_SPEED_TIME", "300"));
        assertThat(own.spec("fetch", List.of("fetch")).env()).containsEntry("GIT_HTTP_LOW_SPEED_TIME", "300");
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
