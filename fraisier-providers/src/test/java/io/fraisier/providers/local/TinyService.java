package io.fraisier.providers.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real service for the local provider's tests: a small Python HTTP server committed to the repository
 * that answers {@code /health} with the status written in the committed file {@code health_status}, and
 * the operator-style restart command that (re)starts it, records its pid and waits until it listens.
 */
final class TinyService {
    static final String SERVER_PY = """
            import http.server, os, sys, time
            here = os.path.dirname(os.path.abspath(__file__))
            status = int(open(os.path.join(here, 'health_status')).read().strip())
            port, ready = int(sys.argv[1]), sys.argv[2]
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    self.send_response(status if self.path == '/health' else 404)
                    self.send_header('Content-Length', '0')
                    self.end_headers()
                def log_message(self, *args):
                    pass
            deadline = time.time() + 10
            while True:
                try:
                    server = http.server.HTTPServer(('127.0.0.1', port), Handler)
                    break
                except OSError:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.05)
            open(ready, 'w').write(str(os.getpid()))
            server.serve_forever()
            """;

    private final Path runDir;
    private final int port;

    TinyService(Path runDir) {
        this.runDir = runDir;
        this.port = freePort();
    }

    int port() {
        return port;
    }

    String healthUrl() {
        return "http://127.0.0.1:" + port + "/health";
    }

    Path runDir() {
        return runDir;
    }

    /** The files of one version of the service, answering {@code status} on /health. */
    static Map<String, String> files(int status, String marker) {
        return Map.of("server.py", SERVER_PY, "health_status", status + "\n", "VERSION", marker + "\n");
    }

    /** The restart_command: stop the previous process, start this checkout's server, wait until it listens. */
    String restartCommand() {
        String run = runDir.toString();
        return String.join(
                "\n",
                "RUN='" + run + "'",
                "if [ -f \"$RUN/pid\" ]; then kill \"$(cat \"$RUN/pid\")\" 2>/dev/null; fi",
                "rm -f \"$RUN/ready\"",
                "nohup python3 server.py " + port + " \"$RUN/ready\" > \"$RUN/server.log\" 2>&1 &",
                "echo $! > \"$RUN/pid\"",
                "i=0",
                "until [ -f \"$RUN/ready\" ]; do",
                "  i=$((i+1))",
                "  if [ $i -gt 200 ]; then echo 'server did not start' >&2; cat \"$RUN/server.log\" >&2; exit 1; fi",
                "  sleep 0.05",
                "done");
    }

    /** The install_command: records the environment it got, one line per run. */
    String installCommand() {
        return "echo \"$FRAISIER_VERSION $FRAISIER_FRAISE $FRAISIER_ENVIRONMENT $(pwd)\" >> '"
                + runDir.resolve("installs") + "'";
    }

    /** Stops the server the last restart started. */
    void stop() {
        Path pid = runDir.resolve("pid");
        if (!Files.exists(pid)) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            Files.delete(pid);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot stop the test service recorded in " + pid, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
