package io.fraisier.core.config;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Removes every secret Fraisier knows from a text before it is stored (deployment events, error
 * messages) or printed: the configured secrets ({@link Secret} values: {@code database.password}, the
 * password in {@code database.url}, webhook secrets, {@code api_token}, every {@code *_token},
 * {@code *_secret}, {@code *password} key, {@code env:} entries with such names), the token in a
 * {@code git_repo} URL, the password in {@code FRAISIER_DATABASE_URL}, the value of the variable
 * {@code key_passphrase_env} names, and every environment variable whose name marks a secret
 * ({@code GITHUB_TOKEN}, {@code PGPASSWORD}, …). Each is replaced by {@value #MASK}, as written, as
 * percent-encoded (URLs) and as JSON-escaped (with or without {@code /} escaped as {@code \/});
 * {@code scheme://user:password@} in any URL, also JSON-escaped, becomes {@code scheme://***@}.
 *
 * <p>A secret shorter than {@value #SHORT} characters is replaced only where it stands alone (no letter
 * or digit right before or after it), so that a three-letter password does not blank out every word
 * that contains those letters. Overlapping secrets (one inside another, or sharing characters) are
 * masked as one span.
 *
 * <p>Pure (no I/O), immutable and thread-safe.
 */
public final class Scrubber {
    /** What a secret is replaced by. */
    public static final String MASK = "***";

    /** Secrets shorter than this are masked only where they stand alone. */
    public static final int SHORT = 6;

    /** Scrubs nothing but URL credentials. */
    public static final Scrubber NONE = new Scrubber(List.of());

    // "://" or, in JSON that escapes slashes (logback's JsonEncoder), ":\/\/"; a '"' ends the credentials: a URL
    // holds none (RFC 3986), and in a JSON log line it ends the string, so masking never runs across two fields
    private static final Pattern USER_INFO =
            Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*:(?://|\\\\/\\\\/))[^/\\s@\"]+@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]password=([^&;\\s]*)");
    private static final String DATABASE_URL_VARIABLE = "FRAISIER_DATABASE_URL";

    private final List<String> secrets;

    private Scrubber(Collection<String> secrets) {
        Set<String> all = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.isBlank()) {
                continue;
            }
            all.add(s);
            all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            all.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            all.add(jsonEscaped(s));
            // JSON may escape '/' too (logback's JsonEncoder does)
            all.add(jsonEscaped(s).replace("/", "\\/"));
        }
        all.remove(MASK);
        this.secrets = List.copyOf(all);
    }

    /** A scrubber of exactly these values (and their encoded forms). */
    public static Scrubber of(Collection<String> secrets) {
        return new Scrubber(secrets);
    }

    /**
     * Every secret of {@code config} (may be null: none loaded yet) and of the process {@code environment}.
     */
    public static Scrubber of(@Nullable FraisierConfig config, Map<String, String> environment) {
        List<String> values = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (KeyPaths.isSecretKey(name)) {
                values.add(value);
            }
        });
        urlSecrets(environment.get(DATABASE_URL_VARIABLE), false, values);
        if (config != null) {
            DatabaseConfig db = config.database();
            if (db != null) {
                add(db.password(), values);
                if (db.url() != null) {
                    urlSecrets(db.url().reveal(), false, values);
                }
            }
            config.git().secrets().values().forEach(list -> list.forEach(s -> add(s, values)));
            for (EnvironmentConfig env : config.environments()) {
                settingsSecrets(env.settings(), environment, values);
            }
            config.notifications().channels().forEach(c -> c.secrets().values().forEach(s -> add(s, values)));
        }
        return new Scrubber(values);
    }

    /** {@code text} with every known secret masked; null stays null. */
    public @Nullable String scrub(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String redacted = USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
        if (secrets.isEmpty()) {
            return redacted;
        }
        boolean[] masked = new boolean[redacted.length()];
        boolean any = false;
        for (String secret : secrets) {
            int from = 0;
            int at;
            while ((at = redacted.indexOf(secret, from)) >= 0) {
                int end = at + secret.length();
                if (secret.length() >= SHORT || standsAlone(redacted, at, end)) {
                    for (int i = at; i < end; i++) {
                        masked[i] = true;
                    }
                    any = true;
                }
                from = at + 1;
            }
        }
        if (!any) {
            return redacted;
        }
        StringBuilder out = new StringBuilder(redacted.length());
        for (int i = 0; i < redacted.length(); i++) {
            if (!masked[i]) {
                out.append(redacted.charAt(i));
            } else if (i == 0 || !masked[i - 1]) {
                out.append(MASK);
            }
        }
        return out.toString();
    }

    /** How many distinct values (with their encoded forms) it masks. */
    public int size() {
        return secrets.size();
    }

    private static boolean standsAlone(String text, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }

    private static void settingsSecrets(ProviderSettings settings, Map<String, String> environment, List<String> out) {
        settings.values().forEach((key, value) -> {
            if (value instanceof Secret s && !key.equals("env")) {
                add(s, out);
            } else if (value instanceof Map<?, ?> map) {
                // env: and labels: hold every value as a Secret; only those named like one are secrets to mask
                map.forEach((name, v) -> {
                    if (KeyPaths.isSecretKey(String.valueOf(name))) {
                        out.add(v instanceof Secret s ? s.reveal() : String.valueOf(v));
                    }
                });
            }
        });
        settings.string("git_repo").ifPresent(url -> urlSecrets(url, true, out));
        settings.string("key_passphrase_env").map(environment::get).ifPresent(out::add);
    }

    /**
     * The password of {@code user:password@} and a {@code password=} parameter; with {@code loneUserIsToken} (a git
     * URL) also a user without a password, which is how GitHub and GitLab take a token alone
     * ({@code https://TOKEN@host}). In a database URL a lone user is the user's name (the password comes from
     * PGPASSWORD, .pgpass or the server's trust): masking it hid the name from the error that reports its login
     * refused, and a user called fraisier hid the program's name from every line.
     */
    private static void urlSecrets(@Nullable String url, boolean loneUserIsToken, List<String> out) {
        if (url == null || url.isBlank()) {
            return;
        }
        var params = PASSWORD_PARAMETER.matcher(url);
        while (params.find()) {
            out.add(params.group(1));
            out.add(percentDecoded(params.group(1)));
        }
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return;
        }
        int slash = url.indexOf('/', scheme + 3);
        String authority = slash < 0 ? url.substring(scheme + 3) : url.substring(scheme + 3, slash);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return;
        }
        String info = authority.substring(0, at);
        int colon = info.indexOf(':');
        if (colon < 0 && !loneUserIsToken) {
            return;
        }
        String secret = colon < 0 ? info : info.substring(colon + 1);
        out.add(secret);
        out.add(percentDecoded(secret));
    }

    private static void add(@Nullable Secret secret, List<String> out) {
        if (secret != null) {
            out.add(secret.reveal());
        }
    }

    /** Percent-decoding as in a URL: {@code %XX} are UTF-8 bytes, {@code +} stays {@code +}. */
    public static String percentDecoded(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    bytes.write(hi * 16 + lo);
                    i += 3;
                    continue;
                }
            }
            bytes.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
            i += Character.charCount(c);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String jsonEscaped(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
