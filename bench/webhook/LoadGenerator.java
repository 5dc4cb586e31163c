import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts signed GitHub pushes to a webhook receiver and reports acknowledged requests per second and
 * latency percentiles. One constant body (so one signature), a distinct X-GitHub-Delivery per request.
 *
 * <p>Usage: java LoadGenerator.java URL SECRET REF SHA REQUESTS CONCURRENCY [WARMUP], or
 * {@code java LoadGenerator.java --write-body SECRET REF SHA FILE} to write the body for wrk and print
 * its signature.
 *
 * <p>The body has the shape and size of a real GitHub push: the repository object with its URL
 * fields, pusher, sender, {@code BENCH_COMMITS} commits (default 5, which makes about 8 KB, as a
 * typical push delivery is) and {@code head_commit}.
 *
 * <p>Prints one line: {@code acks=… of=… seconds=… rps=… p50_ms=… p99_ms=… max_ms=… statuses={…}}.
 * Loopback only by intent; the run is bounded by REQUESTS and stops by itself.
 */
public final class LoadGenerator {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--write-body")) {
            // for wrk (bench/webhook/push.lua): the body to a file, its signature on stdout
            String body = pushBody(args[2], args[3], Integer.parseInt(System.getenv().getOrDefault("BENCH_COMMITS", "5")));
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[4]), body);
            System.out.println(sign(args[1], body));
            return;
        }
        URI uri = URI.create(args[0]);
        String secret = args[1];
        String ref = args[2];
        String sha = args[3];
        int requests = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        int warmup = args.length > 6 ? Integer.parseInt(args[6]) : Math.min(2000, requests / 5);
        if (!uri.getHost().equals("127.0.0.1") && !uri.getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback only: " + uri);
        }
        int commits = Integer.parseInt(System.getenv().getOrDefault("BENCH_COMMITS", "5"));
        String body = pushBody(ref, sha, commits);
        String signature = sign(secret, body);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(concurrency))
                .build();

        run(client, uri, body, signature, warmup, concurrency, null);
        long[] latencies = new long[requests];
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        run(client, uri, body, signature, requests, concurrency, new Sink(latencies, statuses));
        double seconds = (System.nanoTime() - start) / 1e9;

        Arrays.sort(latencies);
        int acks = statuses.entrySet().stream()
                .filter(e -> e.getKey() >= 200 && e.getKey() < 300)
                .mapToInt(e -> e.getValue().get())
                .sum();
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        System.out.printf(
                "acks=%d of=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f statuses=%s%n",
                acks,
                requests,
                seconds,
                acks / seconds,
                latencies[requests / 2] / 1e6,
                latencies[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)] / 1e6,
                latencies[requests - 1] / 1e6,
                counts);
        System.exit(0);
    }

    private record Sink(long[] latencies, Map<Integer, AtomicInteger> statuses) {}

    /** {@code concurrency} clients, each sending the next request when its previous one is answered. */
    private static void run(
            HttpClient client, URI uri, String body, String signature, int count, int concurrency, Sink sink)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        HttpRequest request = HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .header("X-GitHub-Event", "push")
                                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                                .header("X-Hub-Signature-256", signature)
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = client.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            status = -1;
                        }
                        if (sink != null) {
                            sink.latencies()[i] = System.nanoTime() - t0;
                            sink.statuses()
                                    .computeIfAbsent(status, k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
    }

    /** GitHub's {@code X-Hub-Signature-256} of {@code body}. */
    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A GitHub push delivery in GitHub's shape, synthesised (no real repository's data). */
    static String pushBody(String ref, String sha, int commits) {
        String repoUrl = "https://github.com/bench/app";
        String api = "https://api.github.com/repos/bench/app";
        StringBuilder repo = new StringBuilder();
        repo.append("{\"id\":123456789,\"node_id\":\"R_kgDOBench\",\"name\":\"app\",\"full_name\":\"bench/app\",")
                .append("\"private\":false,\"owner\":{\"name\":\"bench\",\"login\":\"bench\",\"id\":1,")
                .append("\"html_url\":\"https://github.com/bench\",\"type\":\"Organization\"},")
                .append("\"html_url\":\"").append(repoUrl).append("\",\"description\":\"Benchmark service\",")
                .append("\"fork\":false,\"url\":\"").append(repoUrl).append("\"");
        // GitHub's own key for each URL of the repository object: every key once (the daemon refuses a body
        // that names a key twice in one object, as a forged or mangled one would)
        String[][] urls = {
            {"forks", "forks"}, {"keys", "keys{/key_id}"}, {"collaborators", "collaborators{/collaborator}"},
            {"teams", "teams"}, {"hooks", "hooks"}, {"issue_events", "issues/events{/number}"}, {"events", "events"},
            {"assignees", "assignees{/user}"}, {"branches", "branches{/branch}"}, {"tags", "tags"},
            {"blobs", "git/blobs{/sha}"}, {"git_tags", "git/tags{/sha}"}, {"git_refs", "git/refs{/sha}"},
            {"trees", "git/trees{/sha}"}, {"statuses", "statuses/{sha}"}, {"languages", "languages"},
            {"stargazers", "stargazers"}, {"contributors", "contributors"}, {"subscribers", "subscribers"},
            {"subscription", "subscription"}, {"commits", "commits{/sha}"}, {"git_commits", "git/commits{/sha}"},
            {"comments", "comments{/number}"}, {"issue_comment", "issues/comments{/number}"},
            {"contents", "contents/{+path}"}, {"compare", "compare/{base}...{head}"}, {"merges", "merges"},
            {"archive", "{archive_format}{/ref}"}, {"downloads", "downloads"}, {"issues", "issues{/number}"},
            {"pulls", "pulls{/number}"}, {"milestones", "milestones{/number}"},
            {"notifications", "notifications{?since,all,participating}"}, {"labels", "labels{/name}"},
            {"releases", "releases{/id}"}, {"deployments", "deployments"}
        };
        for (String[] url : urls) {
            repo.append(",\"").append(url[0]).append("_url\":\"").append(api).append('/').append(url[1]).append('"');
        }
        repo.append(",\"created_at\":1700000000,\"updated_at\":\"2026-11-29T00:00:00Z\",\"pushed_at\":1764374400,")
                .append("\"git_url\":\"git://github.com/bench/app.git\",\"ssh_url\":\"git@github.com:bench/app.git\",")
                .append("\"clone_url\":\"").append(repoUrl).append(".git\",\"homepage\":null,\"size\":1024,")
                .append("\"stargazers_count\":0,\"watchers_count\":0,\"language\":\"Java\",\"has_issues\":true,")
                .append("\"default_branch\":\"main\",\"master_branch\":\"main\",\"organization\":\"bench\"}");
        StringBuilder list = new StringBuilder("[");
        String head = "null";
        for (int c = 0; c < commits; c++) {
            String id = c == commits - 1 ? sha : String.format("%040x", c + 1);
            String commit = "{\"id\":\"" + id + "\",\"tree_id\":\"" + String.format("%040x", 1000 + c)
                    + "\",\"distinct\":true,\"message\":\"Change " + c
                    + ": a commit message of a realistic length, with a body that explains why the change is made\","
                    + "\"timestamp\":\"2026-11-29T00:00:0" + (c % 10) + "Z\",\"url\":\"" + repoUrl + "/commit/" + id
                    + "\",\"author\":{\"name\":\"Bench Author\",\"email\":\"author@example.invalid\","
                    + "\"username\":\"bench-author\"},\"committer\":{\"name\":\"Bench Author\","
                    + "\"email\":\"author@example.invalid\",\"username\":\"bench-author\"},"
                    + "\"added\":[\"src/main/java/app/Feature" + c + ".java\"],\"removed\":[],"
                    + "\"modified\":[\"src/main/java/app/App.java\",\"README.md\"]}";
            list.append(c == 0 ? "" : ",").append(commit);
            head = commit;
        }
        list.append(']');
        return "{\"ref\":\"" + ref + "\",\"before\":\"" + "0".repeat(40) + "\",\"after\":\"" + sha + "\","
                + "\"repository\":" + repo + ",\"pusher\":{\"name\":\"bench\",\"email\":\"bench@example.invalid\"},"
                + "\"sender\":{\"login\":\"bench\",\"id\":1,\"type\":\"User\",\"site_admin\":false},"
                + "\"created\":false,\"deleted\":false,\"forced\":false,\"base_ref\":null,"
                + "\"compare\":\"" + repoUrl + "/compare/000000000000..." + sha.substring(0, 12) + "\","
                + "\"commits\":" + list + ",\"head_commit\":" + head + "}";
    }
}
