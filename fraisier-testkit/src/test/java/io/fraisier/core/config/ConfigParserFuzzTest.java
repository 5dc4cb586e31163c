package io.fraisier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fraisier.core.configfile.ConfigLoader;
import io.fraisier.core.configfile.ConfigParser;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.testkit.fake.ReferenceProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-based fuzzing of {@link ConfigParser} and {@link ConfigLoader}: valid {@code fraises.yaml}
 * documents (the examples) mutated at random — random keys, wrong types, deep nesting, huge strings, bad
 * UTF-8, alias bombs, tabs, duplicate keys, control characters, YAML tags, random punctuation. Whatever the
 * document, the parser either returns a config or throws a {@link ConfigException} whose every problem has
 * a line and column inside the document and a key path; nothing else escapes (no NPE, no stack overflow,
 * no Jackson exception), no configured secret value appears in a message, and each document is answered
 * quickly (an alias bomb is refused, not expanded).
 *
 * <p>A fixed seed and a bounded count run in CI; longer runs: {@code -Dfraisier.fuzz.iterations=200000}
 * and {@code -Dfraisier.fuzz.seed=N} (a failure prints its seed and iteration, and the document goes to
 * {@code target/fuzz-failures/}).
 */
class ConfigParserFuzzTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final long SEED = Long.getLong("fraisier.fuzz.seed", 20261206L);
    private static final int ITERATIONS = Integer.getInteger("fraisier.fuzz.iterations", 1000);
    /**
     * A parse that burns more CPU than this is a failure (a bomb expanded, a quadratic path). CPU time of the
     * parsing thread, not wall time: on a loaded 2-core machine a 750 KB document took 10 s of wall time for
     * 1 s of CPU, and this bound catches hangs and blow-ups, it is not a speed target.
     */
    private static final Duration PER_DOCUMENT = Duration.ofSeconds(5);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of this thread so far (falls back to wall time where the JVM cannot measure it). */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Values of the example's secret variables; none may appear in any message. */
    private static final Map<String, String> SECRETS = Map.of(
            "GITHUB_WEBHOOK_SECRET", "fuzzsecret-github-7f3a",
            "GITLAB_WEBHOOK_TOKEN", "fuzzsecret-gitlab-19c2",
            "BITBUCKET_SECRET", "fuzzsecret-bitbucket-55e1",
            "GITEA_SECRET_NEW", "fuzzsecret-gitea-new-0b9d",
            "GITEA_SECRET_OLD", "fuzzsecret-gitea-old-a4c8",
            "COOLIFY_TOKEN", "fuzzsecret-coolify-d210",
            "FRAISIER_DB_PASSWORD", "fuzzsecret-dbpass-6e77",
            "STAGING_DB_PASSWORD", "fuzzsecret-staging-3f18");

    private static final String[] WRONG_VALUES = {
        "[1, 2]",
        "{a: 1}",
        "-5",
        "0",
        "true",
        "~",
        "\"\"",
        "1e309",
        "99999999999999999999",
        "-99999999999999999999d",
        "0x7fffffff",
        "!!binary aGVsbG8=",
        "!!java.lang.Object {}",
        "!!set {a, b}",
        "!!timestamp 2001-12-14",
        "&anchor value",
        "*anchor",
        "? complex\n  key",
        "|\n  block\n  text",
        ">-\n  folded",
        "'unterminated",
        "\"unterminated",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "main;touch /tmp/x",
        "--upload-pack=evil",
        "${UNSET_FUZZ_VARIABLE}",
        "${",
        "${A:-${B}}",
        "@reserved",
        "`backtick",
        "%directive",
        "- item",
        "[[[",
        "}}}",
        ": :",
        "\t",
        "\u00a0",
        "\u2028",
        "\ufeff",
        "\u0085",
    };

    private static final String PUNCTUATION = ":{}[],&*#?|-<>=!%@`'\"\t\n\r \\$~^";

    @TempDir
    Path dir;

    @Test
    void mutatedDocuments_areConfigsOrConfigExceptions_withPositions_andNoSecret() throws IOException {
        List<String> seeds = seeds();
        Random random = new Random(SEED);
        ConfigParser parser = new ConfigParser(SECRETS, ReferenceProviders.all());
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String doc = seeds.get(random.nextInt(seeds.size()));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                doc = mutate(doc, random);
            }
            String document = doc;
            long started = cpuNanos();
            Throwable thrown = catchThrowable(() -> parser.parse(document, null));
            Duration took = Duration.ofNanos(cpuNanos() - started);
            String where = "seed " + SEED + ", iteration " + i;
            try {
                assertThat(took).as("parse time, %s", where).isLessThan(PER_DOCUMENT);
                if (thrown == null) {
                    accepted++;
                } else {
                    refused++;
                    assertWellFormed(thrown, document, where);
                }
            } catch (AssertionError e) {
                Path saved = save(i, document);
                throw new AssertionError(where + " (document saved to " + saved + "): " + e.getMessage(), e);
            }
        }
        // the generator does both: a fuzzer whose every document fails (or passes) tests little
        assertThat(accepted).as("documents accepted").isPositive();
        assertThat(refused).as("documents refused").isPositive();
    }

    @Test
    void billionLaughs_isRefusedQuickly_asAnAliasProblem() {
        StringBuilder bomb =
                new StringBuilder("x0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i <= 30; i++) {
            bomb.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        String doc = "fraises:\n  bomb:\n" + bomb.toString().indent(4);
        long started = cpuNanos();
        ConfigException e = (ConfigException)
                catchThrowable(() -> new ConfigParser(Map.of(), ReferenceProviders.all()).parse(doc, null));
        assertThat(Duration.ofNanos(cpuNanos() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("alias"));
        assertWellFormed(e, doc, "billion laughs");
    }

    @Test
    void deepNesting_andHugeStrings_areRefusedOrAccepted_neverAnEscapedError() {
        ConfigParser parser = new ConfigParser(Map.of(), ReferenceProviders.all());
        List<String> docs = List.of(
                "fraises:\n  x: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n",
                "fraises:\n  x: " + "{a: ".repeat(20_000) + "1" + "}".repeat(20_000) + "\n",
                blockNesting(3_000),
                "fraises:\n  x:\n    type: api\n    description: \"" + "y".repeat(8 * 1024 * 1024) + "\"\n",
                "fraises:\n  " + "k".repeat(2 * 1024 * 1024) + ":\n    type: api\n");
        for (String doc : docs) {
            long started = cpuNanos();
            Throwable thrown = catchThrowable(() -> parser.parse(doc, null));
            assertThat(Duration.ofNanos(cpuNanos() - started)).isLessThan(PER_DOCUMENT);
            assertThat(thrown).isNotNull();
            assertWellFormed(thrown, doc, "document of " + doc.length() + " chars");
        }
    }

    @Test
    void tooDeepNesting_isRefusedWhereItHappens_beforeTheStackOverflows() {
        String doc = "fraises:\n  x:\n    type: api\n    description: " + "{a: [".repeat(450) + "]}".repeat(450) + "\n";
        ConfigException e = (ConfigException)
                catchThrowable(() -> new ConfigParser(Map.of(), ReferenceProviders.all()).parse(doc, null));
        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("nested deeper than 64 levels");
        });
    }

    @Test
    void overLongDocument_isRefusedAtOnce_withItsLength() {
        String doc = "fraises:\n  x:\n    type: api\n    description: \"" + "y".repeat(8 * 1024 * 1024) + "\"\n";
        long started = cpuNanos();
        ConfigException e = (ConfigException)
                catchThrowable(() -> new ConfigParser(Map.of(), ReferenceProviders.all()).parse(doc, null));
        assertThat(Duration.ofNanos(cpuNanos() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(e.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .contains(doc.length() + " characters long")
                        .contains("at most 1048576"));
    }

    @Test
    void badUtf8File_throughTheLoader_isAConfigError_namingTheFile() throws IOException {
        Random random = new Random(SEED);
        String valid = seeds().get(0);
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8}};
        for (int i = 0; i < 50; i++) {
            byte[] text = valid.getBytes(StandardCharsets.UTF_8);
            int at = random.nextInt(text.length);
            byte[] insert = bad[random.nextInt(bad.length)];
            byte[] out = new byte[text.length + insert.length];
            System.arraycopy(text, 0, out, 0, at);
            System.arraycopy(insert, 0, out, at, insert.length);
            System.arraycopy(text, at, out, at + insert.length, text.length - at);
            Path file = dir.resolve("bad-" + i + ".yaml");
            Files.write(file, out);
            Throwable thrown = catchThrowable(() -> new ConfigLoader(SECRETS, dir)
                    .withProviders(ReferenceProviders.all())
                    .load(file));
            assertThat(thrown).isInstanceOf(FraisierException.class);
            FraisierException e = (FraisierException) thrown;
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(e.getMessage()).contains(file.toString()).contains("UTF-8");
        }
    }

    /** A ConfigException whose problems are positioned inside the document; no secret in its text. */
    private static void assertWellFormed(Throwable thrown, String document, String where) {
        assertThat(thrown)
                .as("%s: only a ConfigException may escape, got %s", where, describe(thrown))
                .isInstanceOf(ConfigException.class);
        ConfigException e = (ConfigException) thrown;
        int lines = (int) document.lines().count() + 1;
        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.line()).as("line of %s", p).isBetween(1, lines + 1);
            assertThat(p.column()).as("column of %s", p).isPositive();
            assertThat(p.keyPath()).isNotNull();
            assertThat(p.message()).as("message of %s", p).isNotBlank();
        });
        for (String secret : SECRETS.values()) {
            assertThat(e.getMessage())
                    .as("%s: a secret value in the message", where)
                    .doesNotContain(secret);
        }
    }

    private static String describe(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        String s = w.toString();
        return s.length() > 3000 ? s.substring(0, 3000) + "…" : s;
    }

    private Path save(int iteration, String document) {
        try {
            Path out = Path.of("target", "fuzz-failures");
            Files.createDirectories(out);
            Path file = out.resolve("config-" + SEED + "-" + iteration + ".yaml");
            Files.writeString(file, document, StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> seeds() throws IOException {
        List<String> seeds = new ArrayList<>();
        seeds.add(Files.readString(EXAMPLES.resolve("fraises.yaml")));
        seeds.add(Files.readString(EXAMPLES.resolve("minimal.yaml")));
        try (Stream<Path> broken = Files.list(EXAMPLES.resolve("broken"))) {
            for (Path p : broken.sorted().toList()) {
                seeds.add(Files.readString(p));
            }
        }
        return seeds;
    }

    private static String blockNesting(int depth) {
        StringBuilder b = new StringBuilder("fraises:\n");
        for (int i = 1; i <= depth; i++) {
            b.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        return b.toString();
    }

    /** One random mutation of the text. */
    static String mutate(String doc, Random r) {
        List<String> lines = new ArrayList<>(doc.lines().toList());
        if (lines.isEmpty()) {
            lines.add("");
        }
        int at = r.nextInt(lines.size());
        String line = lines.get(at);
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        switch (r.nextInt(14)) {
            case 0 -> lines.add(at, indent + randomKey(r) + ": " + WRONG_VALUES[r.nextInt(WRONG_VALUES.length)]);
            case 1 -> {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    lines.set(at, line.substring(0, colon + 2) + WRONG_VALUES[r.nextInt(WRONG_VALUES.length)]);
                }
            }
            case 2 -> lines.add(at, line); // duplicate key (or list item)
            case 3 -> lines.set(at, line.replaceFirst("^( {1,4})", "\t")); // a tab in the indentation
            case 4 -> {
                int depth = 1 + r.nextInt(r.nextBoolean() ? 50 : 2000);
                String value = r.nextBoolean()
                        ? "[".repeat(depth) + "]".repeat(depth)
                        : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
                lines.add(at, indent + randomKey(r) + ": " + value);
            }
            case 5 -> {
                int size = r.nextInt(8) != 0 ? 1 + r.nextInt(10_000) : 100_000 + r.nextInt(1_100_000);
                String value = "x".repeat(size);
                int colon = line.indexOf(": ");
                lines.set(at, colon > 0 ? line.substring(0, colon + 2) + value : line + value);
            }
            case 6 -> {
                // a small alias bomb where the line was
                lines.add(at, indent + "a: &a [x, x, x, x, x, x, x, x, x, x]");
                for (int i = 1; i < 10; i++) {
                    lines.add(
                            at + i,
                            indent + "a" + i + ": &a" + i + " [*a" + (i == 1 ? "" : i - 1) + ", *a"
                                    + (i == 1 ? "" : i - 1) + ", *a" + (i == 1 ? "" : i - 1) + "]");
                }
            }
            case 7 -> lines.remove(at);
            case 8 -> lines.set(at, " ".repeat(r.nextInt(12)) + line.stripLeading()); // re-indent
            case 9 -> lines.set(at, insertChar(line, PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length())), r));
            case 10 -> lines.set(at, insertChar(line, (char) r.nextInt(0x20), r)); // control character
            case 11 -> {
                // a surrogate half, a private-use character (the parser's own ${ } mask) or a non-character
                char[] odd = {'\uD800', '\uDC00', '\uE000', '\uE001', '\uFFFE', '\uFFFF', '\u0000'};
                lines.set(at, insertChar(line, odd[r.nextInt(odd.length)], r));
            }
            case 12 -> {
                if (!line.isEmpty()) {
                    int i = r.nextInt(line.length());
                    lines.set(at, line.substring(0, i) + line.substring(i + 1));
                }
            }
            default -> lines.add(at, "---"); // a second document, or a document start in the middle
        }
        return String.join(r.nextInt(20) == 0 ? "\r\n" : "\n", lines) + "\n";
    }

    private static String insertChar(String line, char c, Random r) {
        int i = line.isEmpty() ? 0 : r.nextInt(line.length() + 1);
        return line.substring(0, i) + c + line.substring(i);
    }

    private static String randomKey(Random r) {
        String[] keys = {
            "fraises",
            "environments",
            "provider",
            "type",
            "branch",
            "timeout",
            "webhook",
            "database",
            "defaults",
            "branch_mapping",
            "health_check_url",
            "port",
            "secret",
            "x",
            "<<",
            "~",
            "0",
            "true",
            "\"quoted key\"",
            "ké",
            "a.b",
            "a b"
        };
        return r.nextInt(4) == 0 ? "k" + Integer.toHexString(r.nextInt()) : keys[r.nextInt(keys.length)];
    }
}
