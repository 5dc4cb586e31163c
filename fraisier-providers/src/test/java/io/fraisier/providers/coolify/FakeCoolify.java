package io.fraisier.providers.coolify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * A small stateful Coolify: one git application whose repository gets commits, the v4 endpoints the
 * provider uses, deployments that end a couple of polls after being queued, and the application itself,
 * an HTTP server whose {@code /health} answers 200 for a good commit and 503 for a broken one.
 *
 * <p>Thread-safe (synchronized).
 */
final class FakeCoolify implements AutoCloseable {
    private final String token;
    private final String appUuid;
    private final MockWebServer api = new MockWebServer();
    private final HttpServer app;
    /** commit → healthy, in push order. */
    private final Map<String, Boolean> repository = new LinkedHashMap<>();

    private final List<ObjectNode> deployments = new ArrayList<>();
    private final Map<String, Integer> polls = new LinkedHashMap<>();
    private String pinned = "HEAD";
    private @Nullable String running;

    FakeCoolify(String token, String appUuid) throws IOException {
        this.token = token;
        this.appUuid = appUuid;
        api.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handle(request);
            }
        });
        api.start(InetAddress.getLoopbackAddress(), 0);
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/health", exchange -> {
            int status = healthy() ? 200 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        app.start();
    }

    String apiUrl() {
        return api.url("/").toString().replaceAll("/$", "");
    }

    String healthUrl() {
        return "http://127.0.0.1:" + app.getAddress().getPort() + "/health";
    }

    /** A push to the application's branch; like a CI job, it also pins the application to the commit. */
    synchronized String push(boolean healthy) {
        String sha = randomSha();
        repository.put(sha, healthy);
        pinned = sha;
        return sha;
    }

    static String randomSha() {
        byte[] bytes = new byte[20];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private synchronized boolean healthy() {
        return running != null && repository.getOrDefault(running, false);
    }

    private synchronized MockResponse handle(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        String method = request.getMethod();
        if (path.equals("/api/v1/health") && method.equals("GET")) {
            return new MockResponse().setBody("OK");
        }
        if (!("Bearer " + token).equals(request.getHeader("Authorization"))) {
            return json(401, "{\"message\":\"Unauthenticated.\"}");
        }
        String appPath = "/api/v1/applications/" + appUuid;
        if (path.equals("/api/v1/version") && method.equals("GET")) {
            return new MockResponse().setBody("4.0.0-fake");
        }
        if (path.equals(appPath) && method.equals("GET")) {
            ObjectNode node = CoolifyApi.mapper().createObjectNode();
            node.put("uuid", appUuid).put("name", "demo").put("git_branch", "main");
            node.put("git_commit_sha", pinned);
            return json(200, node.toString());
        }
        if (path.equals(appPath) && method.equals("PATCH")) {
            JsonNode body = read(request);
            pinned = body.path("git_commit_sha").asText(pinned);
            return json(200, "{\"uuid\":\"" + appUuid + "\"}");
        }
        if (path.equals("/api/v1/deploy") && method.equals("POST")) {
            if (!appUuid.equals(request.getRequestUrl().queryParameter("uuid"))) {
                return json(200, "{\"message\":\"No resources found.\"}");
            }
            return json(200, "{\"deployments\":[" + queue().toString() + "]}");
        }
        if (path.equals("/api/v1/deployments/applications/" + appUuid) && method.equals("GET")) {
            ArrayNode list = CoolifyApi.mapper().createArrayNode();
            deployments.reversed().forEach(list::add);
            return json(200, "{\"count\":" + deployments.size() + ",\"deployments\":" + list + "}");
        }
        if (path.startsWith("/api/v1/deployments/") && method.equals("GET")) {
            String uuid = path.substring("/api/v1/deployments/".length());
            return deployments.stream()
                    .filter(d -> d.path("deployment_uuid").asText().equals(uuid))
                    .findFirst()
                    .map(d -> json(200, advance(d).toString()))
                    .orElseGet(() -> json(404, "{\"message\":\"Deployment not found.\"}"));
        }
        return json(404, "{\"message\":\"Not found.\"}");
    }

    private ObjectNode queue() {
        String uuid = "dep" + (deployments.size() + 1);
        ObjectNode deployment = CoolifyApi.mapper().createObjectNode();
        deployment.put("id", deployments.size() + 1).put("deployment_uuid", uuid);
        deployment.put("status", "queued").put("commit", pinned);
        deployments.add(deployment);
        polls.put(uuid, 0);
        ObjectNode answer = CoolifyApi.mapper().createObjectNode();
        return answer.put("message", "Application demo deployment queued.")
                .put("resource_uuid", appUuid)
                .put("deployment_uuid", uuid);
    }

    /** Each poll moves a deployment on: queued, in_progress, then finished or failed. */
    private ObjectNode advance(ObjectNode deployment) {
        String uuid = deployment.path("deployment_uuid").asText();
        int seen = polls.merge(uuid, 1, Integer::sum);
        String status = deployment.path("status").asText();
        if (status.equals("queued") && seen >= 1) {
            String commit = deployment.path("commit").asText();
            if (commit.equals("HEAD") && !repository.isEmpty()) {
                commit = repository.keySet().stream().reduce((a, b) -> b).orElseThrow();
            }
            deployment.put("status", "in_progress").put("commit", commit);
        } else if (status.equals("in_progress") && seen >= 2) {
            String commit = deployment.path("commit").asText();
            if (repository.containsKey(commit)) {
                deployment.put("status", "finished");
                running = commit;
            } else {
                deployment.put("status", "failed");
                String log = "[{\"output\":\"Importing repository.\",\"hidden\":false},"
                        + "{\"output\":\"fatal: reference is not a tree: " + commit + "\",\"hidden\":false}]";
                deployment.put("logs", log);
            }
        }
        return deployment;
    }

    private static JsonNode read(RecordedRequest request) {
        try {
            return CoolifyApi.mapper().readTree(request.getBody().readUtf8());
        } catch (IOException e) {
            return CoolifyApi.mapper().createObjectNode();
        }
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Override
    public void close() throws IOException {
        app.stop(0);
        api.shutdown();
    }
}
