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
 * <p>Usage: java LoadGenerator.java URL SECRET REF SHA REQUESTS CONCURRENCY [WARMUP]
 *
 * <p>Prints one line: {@code acks=… of=… seconds=… rps=… p50_ms=… p99_ms=… max_ms=… statuses={…}}.
 * Loopback only by intent; the run is bounded by REQUESTS and stops by itself.
 */
public final class LoadGenerator {
    public static void main(String[] args) throws Exception {
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
        String body = """
                {"ref":"%s","before":"0000000000000000000000000000000000000000","after":"%s","created":false,\
                "deleted":false,"forced":false,"repository":{"full_name":"bench/app"},\
                "pusher":{"name":"bench"},"sender":{"login":"bench"},"head_commit":null}"""
                .formatted(ref, sha);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
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
}
