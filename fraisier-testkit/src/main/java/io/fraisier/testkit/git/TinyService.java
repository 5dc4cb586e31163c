package io.fraisier.testkit.git;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real service for the providers' tests: a small Python HTTP server committed to the repository that
 * answers {@code /health} with the status written in the committed file {@code health_status}, and the
 * operator-style restart command that (re)starts it, records its pid and waits until it listens.
 */
public final class TinyService {
    /** The server: {@code python3 server.py PORT [READY_FILE]}; writes its pid to READY_FILE once it listens. */
    public static final String SERVER_PY = """
            import http.server, os, sys, time
            here = os.path.dirname(os.path.abspath(__file__))
            status = int(open(os.path.join(here, 'health_status')).read().strip())
            port = int(sys.argv[1])
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
            if len(sys.argv) > 2:
                open(sys.argv[2], 'w').write(str(os.getpid()))
            print('serving', open(os.path.join(here, 'VERSION')).read().strip(), flush=True)
            server.serve_forever()
            """;

    private final Path runDir;
    private final int port;

    /** A service on a free loopback port that keeps its pid, log and records in {@code runDir}. */
    public TinyService(Path runDir) {
        this.runDir = runDir;
        this.port = freePort();
    }

    public int port() {
        return port;
    }

    public Path runDir() {
        return runDir;
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + port + "/health";
    }

    /** The files of one version of the service, answering {@code status} on /health. */
    public static Map<String, String> files(int status, String marker) {
        return Map.of("server.py", SERVER_PY, "health_status", status + "\n", "VERSION", marker + "\n");
    }

    /** The restart_command: stop the previous process, start this checkout's server, wait until it listens. */
    public String restartCommand() {
        String run = runDir.toString();
        return String.join(
                "\n",
                "RUN='" + run + "'",
                "if [ -f \"$RUN/pid\" ]; then kill \"$(cat \"$RUN/pid\")\" 2>/dev/null; fi",
                "rm -f \"$RUN/ready\"",
                "nohup python3 server.py " + port + " \"$RUN/ready\" > \"$RUN/server.log\" 2>&1 < /dev/null &",
                "echo $! > \"$RUN/pid\"",
                "i=0",
                "until [ -f \"$RUN/ready\" ]; do",
                "  i=$((i+1))",
                "  if [ $i -gt 200 ]; then echo 'server did not start' >&2; cat \"$RUN/server.log\" >&2; exit 1; fi",
                "  sleep 0.05",
                "done");
    }

    /** A shell command that serves the checkout in {@code deployedDir} in the foreground (a unit's ExecStart). */
    public String serveCommand(String deployedDir) {
        return "cd '" + deployedDir + "' && exec python3 server.py " + port;
    }

    /** The install_command: records the environment it got, one line per run. */
    public String installCommand() {
        return "echo \"$FRAISIER_VERSION $FRAISIER_FRAISE $FRAISIER_ENVIRONMENT $(pwd)\" >> '"
                + runDir.resolve("installs") + "'";
    }

    /** Stops whatever server wrote its pid to one of {@code pidFiles}. */
    public void stop(Path... pidFiles) {
        for (Path pid : pidFiles) {
            if (!Files.exists(pid)) {
                continue;
            }
            try {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                        .ifPresent(ProcessHandle::destroyForcibly);
                Files.delete(pid);
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot stop the test service recorded in " + pid, e);
            }
        }
    }

    /** Stops the server the last restart started. */
    public void stop() {
        stop(runDir.resolve("pid"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
