package io.fraisier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fraisier.core.config.FraisierConfig;
import io.fraisier.core.config.Secret;
import io.fraisier.core.config.WebhookConfig;
import io.fraisier.core.error.FraisierException;
import io.fraisier.testkit.fake.InMemoryStore;
import io.fraisier.testkit.fake.ManualClock;
import io.fraisier.webhook.host.GitHost;
import io.fraisier.webhook.host.Headers;
import io.fraisier.webhook.host.HostEvent;
import io.fraisier.webhook.host.PayloadJson;
import io.fraisier.webhook.host.Verification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated webhooks for all four hosts: bodies (bytes flipped, cut, padded; JSON
 * values replaced by hostile ones, keys doubled, NULs, other encodings) and credentials (right, wrong,
 * malformed, for another body, under another secret). Properties: no forgery is accepted (acceptance
 * is checked against an HMAC computed here, independently of the verifiers), nothing throws but the
 * documented exceptions, and over HTTP no bad input gets a 5xx.
 *
 * <p>Bounded for CI. A longer run: {@code -Dfraisier.fuzz.cases=200000 -Dfraisier.fuzz.httpCases=5000
 * -Dfraisier.fuzz.seed=<n>} (the seed of a failing run is in the assertion message).
 */
class WebhookFuzzTest {
    private static final long SEED = Long.getLong("fraisier.fuzz.seed", 20261206L);
    private static final int CASES = Integer.getInteger("fraisier.fuzz.cases", 4000);
    private static final int HTTP_CASES = Integer.getInteger("fraisier.fuzz.httpCases", 240);
    private static final Map<GitHost, List<String>> SECRETS = Map.of(
            GitHost.GITHUB, List.of(TestConfigs.GITHUB_SECRET),
            GitHost.GITLAB, List.of(TestConfigs.GITLAB_SECRET),
            GitHost.GITEA, List.of(TestConfigs.GITEA_NEW, TestConfigs.GITEA_OLD),
            GitHost.BITBUCKET, List.of(TestConfigs.BITBUCKET_SECRET));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T03:00:00Z"));
    private final HostProtocols protocols = HostProtocols.standard(clock);

    /** One generated request. */
    private record Case(GitHost host, Map<String, String> headers, byte[] body, String description) {}

    @Test
    void verifiersAndParsers_acceptNoForgery_andThrowOnlyWhatTheyDocument() throws Exception {
        Random random = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = generate(random, i);
            String where = "case " + i + " (seed " + SEED + "): " + c.description();
            List<Secret> secrets =
                    SECRETS.get(c.host()).stream().map(Secret::of).toList();
            Verification verification = protocols.verifier(c.host()).verify(Headers.of(c.headers()), c.body(), secrets);
            if (verification.valid()) {
                accepted++;
                assertThat(authentic(c)).as("forgery accepted, " + where).isTrue();
            }
            JsonNode tree;
            try {
                tree = PayloadJson.parseObject(c.body());
            } catch (PayloadJson.Malformed e) {
                assertThat(e.getMessage()).as(where).isNotBlank();
                continue;
            }
            try {
                HostEvent event =
                        protocols.parser(c.host()).parse(Headers.of(c.headers()).get(eventHeader(c.host())), tree);
                assertThat(event).as(where).isNotNull();
            } catch (FraisierException e) {
                assertThat(e.getMessage()).as(where).isNotBlank();
            }
        }
        // the generator must reach the interesting side too: signed requests that pass
        assertThat(accepted).isGreaterThan(CASES / 10);
    }

    @Test
    void overHttp_badInputNeverGets5xx_andOnlyAuthenticRequestsGet2xx() throws Exception {
        Random random = new Random(SEED ^ 0x5DEECE66DL);
        InMemoryStore store = new InMemoryStore();
        FraisierConfig config =
                TestConfigs.config(TestConfigs.git("github"), new WebhookConfig("127.0.0.1", 0, 4096, 0, List.of(), 2));
        WebhookServer server = new WebhookServer(TestConfigs.fraisier(config, store, clock), clock).start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            for (int i = 0; i < HTTP_CASES; i++) {
                Case c = generate(random, i);
                String where = "http case " + i + " (seed " + SEED + "): " + c.description();
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                + "/webhook/" + c.host().id()))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
                c.headers().forEach(request::header);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode())
                        .as(where + " -> " + response.body())
                        .isLessThan(500);
                if (response.statusCode() < 300) {
                    assertThat(authentic(c))
                            .as("forgery accepted over HTTP, " + where)
                            .isTrue();
                }
            }
        } finally {
            server.stop();
        }
    }

    // ---- the oracle: what the host itself would have sent, computed here ----

    private static boolean authentic(Case c) {
        List<String> secrets = SECRETS.get(c.host());
        Headers h = Headers.of(c.headers());
        return switch (c.host()) {
            case GITHUB -> prefixedMatch(h.get("X-Hub-Signature-256"), c.body(), secrets);
            case BITBUCKET -> prefixedMatch(h.get("X-Hub-Signature"), c.body(), secrets);
            case GITEA -> {
                String gitea = h.get("X-Gitea-Signature");
                String hub = h.get("X-Hub-Signature-256");
                yield (gitea != null || hub != null)
                        && (gitea == null || hexMatch(gitea, c.body(), secrets))
                        && (hub == null || prefixedMatch(hub, c.body(), secrets));
            }
            case GITLAB ->
                h.get("webhook-signature") == null
                        && h.get("X-Gitlab-Token") != null
                        && secrets.contains(h.get("X-Gitlab-Token"));
        };
    }

    private static boolean prefixedMatch(String header, byte[] body, List<String> secrets) {
        return header != null && header.startsWith("sha256=") && hexMatch(header.substring(7), body, secrets);
    }

    private static boolean hexMatch(String hex, byte[] body, List<String> secrets) {
        String wanted = hex.trim().toLowerCase(Locale.ROOT);
        return secrets.stream().anyMatch(s -> sign(s, body).equals(wanted));
    }

    private static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(Payloads.hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    // ---- the generator ----

    private static String eventHeader(GitHost host) {
        return switch (host) {
            case GITHUB -> "X-GitHub-Event";
            case GITLAB -> "X-Gitlab-Event";
            case GITEA -> "X-Gitea-Event";
            case BITBUCKET -> "X-Event-Key";
        };
    }

    private static String basePayload(GitHost host, Random random) {
        String branch = random.nextBoolean() ? "main" : "develop";
        String sha = random.nextBoolean() ? Payloads.SHA : Payloads.SHA2;
        return switch (host) {
            case GITHUB ->
                random.nextInt(5) == 0
                        ? Payloads.githubPing()
                        : Payloads.githubPush("refs/heads/" + branch, sha, false);
            case GITLAB -> Payloads.gitlabPush("push", "refs/heads/" + branch, sha, sha);
            case GITEA -> Payloads.giteaPush("refs/heads/" + branch, sha);
            case BITBUCKET ->
                random.nextBoolean()
                        ? Payloads.bitbucketCloudPush(Payloads.bitbucketChange("branch", branch, sha, false))
                        : Payloads.bitbucketServerPush("BRANCH", branch, sha, "UPDATE");
        };
    }

    private static String eventType(GitHost host, Random random) {
        List<String> known = switch (host) {
            case GITHUB -> List.of("push", "ping", "pull_request");
            case GITLAB -> List.of("Push Hook", "Tag Push Hook", "Merge Request Hook");
            case GITEA -> List.of("push", "create");
            case BITBUCKET -> List.of("repo:push", "repo:refs_changed", "diagnostics:ping", "pullrequest:created");
        };
        return random.nextInt(10) == 0 ? printable(random, 12) : known.get(random.nextInt(known.size()));
    }

    private Case generate(Random random, int i) throws Exception {
        GitHost host = GitHost.values()[random.nextInt(GitHost.values().length)];
        byte[] original = basePayload(host, random).getBytes(StandardCharsets.UTF_8);
        byte[] body = original;
        List<String> steps = new ArrayList<>();
        int bodyMutations = random.nextInt(3);
        for (int k = 0; k < bodyMutations; k++) {
            body = mutateBody(body, random, steps);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(8) != 0) {
            headers.put(eventHeader(host), eventType(host, random));
        }
        headers.put("X-Request-Id", "fuzz-" + i); // a delivery id every host reads or ignores
        headers.put(
                host == GitHost.GITHUB
                        ? "X-GitHub-Delivery"
                        : host == GitHost.GITEA ? "X-Gitea-Delivery" : "X-Request-UUID",
                "fuzz-" + i);
        credentials(host, original, body, headers, random, steps);
        return new Case(host, headers, body, host.id() + " " + String.join(", ", steps));
    }

    private static void credentials(
            GitHost host,
            byte[] original,
            byte[] body,
            Map<String, String> headers,
            Random random,
            List<String> steps) {
        List<String> secrets = SECRETS.get(host);
        String secret = secrets.get(random.nextInt(secrets.size()));
        int choice = random.nextInt(10);
        // 0-3: signed right; 4: over the unmutated body; 5: another secret; 6: one hex digit changed;
        // 7: malformed; 8: none; 9: upper-case hex (the same MAC)
        String hex = switch (choice) {
            case 4 -> sign(secret, original);
            case 5 -> sign("not-" + secret, body);
            default -> sign(secret, body);
        };
        if (choice == 6) {
            int at = random.nextInt(hex.length());
            char c = hex.charAt(at) == '0' ? '1' : '0';
            hex = hex.substring(0, at) + c + hex.substring(at + 1);
        } else if (choice == 7) {
            hex = random.nextBoolean() ? printable(random, random.nextInt(70)) : hex.substring(0, random.nextInt(64));
        } else if (choice == 9) {
            hex = hex.toUpperCase(Locale.ROOT);
        }
        steps.add("credential " + choice);
        if (choice == 8) {
            return;
        }
        switch (host) {
            case GITHUB -> {
                headers.put(random.nextInt(6) == 0 ? "X-Hub-Signature" : "X-Hub-Signature-256", prefix(random) + hex);
            }
            case BITBUCKET -> headers.put("X-Hub-Signature", prefix(random) + hex);
            case GITEA -> {
                int which = random.nextInt(3);
                if (which != 1) {
                    headers.put("X-Gitea-Signature", hex);
                }
                if (which != 0) {
                    // sometimes right only on one of the two: every signature sent must match
                    String hub = random.nextInt(4) == 0 ? sign("other", body) : hex;
                    headers.put("X-Hub-Signature-256", prefix(random) + hub);
                }
            }
            case GITLAB -> {
                String token = switch (choice) {
                    case 5 -> "not-" + secret;
                    case 6 -> secret.substring(0, secret.length() - 1) + "X";
                    case 7 -> printable(random, random.nextInt(20));
                    case 9 -> secret.toUpperCase(Locale.ROOT);
                    default -> secret;
                };
                if (!token.isBlank()) {
                    headers.put("X-Gitlab-Token", token);
                }
            }
        }
    }

    private static String prefix(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "sha1=";
            case 2 -> "SHA256=";
            default -> "sha256=";
        };
    }

    private static byte[] mutateBody(byte[] body, Random random, List<String> steps) throws Exception {
        int kind = random.nextInt(12);
        steps.add("body " + kind);
        switch (kind) {
            case 0 -> { // flip one bit
                if (body.length == 0) {
                    return body;
                }
                byte[] out = body.clone();
                out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 1 -> { // cut short
                return java.util.Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length));
            }
            case 2 -> { // trailing garbage
                return concat(body, printable(random, 1 + random.nextInt(20)).getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> { // random bytes
                byte[] out = new byte[random.nextInt(300)];
                random.nextBytes(out);
                return out;
            }
            case 4 -> { // another encoding
                return new String(body, StandardCharsets.UTF_8)
                        .getBytes(random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.UTF_16LE);
            }
            case 5 -> { // a key written twice
                String text = new String(body, StandardCharsets.UTF_8);
                int brace = text.indexOf('{');
                return brace < 0
                        ? body
                        : (text.substring(0, brace + 1) + "\"ref\":\"refs/heads/evil\"," + text.substring(brace + 1))
                                .getBytes(StandardCharsets.UTF_8);
            }
            case 6 -> { // not an object
                String[] values = {"[]", "null", "1", "\"x\"", "true", "[{}]", "", " "};
                return values[random.nextInt(values.length)].getBytes(StandardCharsets.UTF_8);
            }
            case 7 -> { // deep nesting
                int depth = 1 + random.nextInt(1500);
                return ("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
            }
            default -> { // a JSON value somewhere replaced by a hostile one
                JsonNode tree;
                try {
                    tree = JSON.readTree(body);
                } catch (Exception e) {
                    return body;
                }
                if (!(tree instanceof ObjectNode)) {
                    return body;
                }
                replaceSomewhere(tree, random);
                return JSON.writeValueAsBytes(tree);
            }
        }
    }

    private static void replaceSomewhere(JsonNode node, Random random) {
        JsonNode current = node;
        while (true) {
            List<String> fields = new ArrayList<>();
            current.fieldNames().forEachRemaining(fields::add);
            if (current instanceof ObjectNode object && !fields.isEmpty()) {
                String field = fields.get(random.nextInt(fields.size()));
                JsonNode child = object.get(field);
                if (child.isContainerNode() && child.size() > 0 && random.nextBoolean()) {
                    current = child;
                    continue;
                }
                if (random.nextInt(6) == 0) {
                    object.remove(field);
                } else {
                    object.set(field, hostileValue(random));
                }
                return;
            }
            if (current instanceof ArrayNode array && !array.isEmpty()) {
                int at = random.nextInt(array.size());
                if (array.get(at).isContainerNode() && random.nextBoolean()) {
                    current = array.get(at);
                    continue;
                }
                array.set(at, hostileValue(random));
            }
            return;
        }
    }

    private static JsonNode hostileValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(12)) {
            case 0 -> f.nullNode();
            case 1 -> f.booleanNode(random.nextBoolean());
            case 2 -> f.numberNode(random.nextLong());
            case 3 -> f.numberNode(new java.math.BigDecimal("1e999"));
            case 4 -> f.textNode("");
            case 5 -> f.textNode("refs/heads/" + printable(random, 10));
            case 6 -> f.textNode("a\u0000b");
            case 7 -> f.textNode("x".repeat(random.nextInt(2000)));
            case 8 -> f.arrayNode().add(f.objectNode()).add(f.nullNode());
            case 9 -> f.objectNode().put("type", "branch").put("name", "main").putNull("target");
            case 10 -> f.textNode("\uD83D\uDE00 ; rm -rf / `id` $(id) ../../etc/passwd");
            default -> f.textNode("0".repeat(40));
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String printable(Random random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return out.toString();
    }
}
