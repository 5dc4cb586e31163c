package io.fraisier.providers.shell;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a command run on this host starts from: never Fraisier's own (which holds
 * {@code FRAISIER_DATABASE_URL}, the variables {@code ${VAR}} in fraises.yaml reads secrets from, tokens
 * of the operator's shell), only the process basics a program expects and the plumbing Fraisier's own
 * tools need to reach the network and the user's services:
 *
 * <ul>
 *   <li>{@code PATH}, {@code HOME}, {@code USER}, {@code LOGNAME}, {@code SHELL}, {@code LANG},
 *       {@code LANGUAGE}, {@code LC_*}, {@code TZ}, {@code TMPDIR};
 *   <li>{@code SSH_AUTH_SOCK} (git over SSH with an agent), {@code XDG_RUNTIME_DIR} and
 *       {@code DBUS_SESSION_BUS_ADDRESS} ({@code systemctl --user});
 *   <li>{@code http_proxy}, {@code https_proxy}, {@code no_proxy}, {@code all_proxy} (either case),
 *       {@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}.
 * </ul>
 *
 * A command then gets what its provider adds: {@code FRAISIER_VERSION}, {@code FRAISIER_FRAISE},
 * {@code FRAISIER_ENVIRONMENT} for the operator's commands, {@code DOCKER_*} and {@code COMPOSE_*} for
 * Docker Compose, git's own settings for git. Anything else a command needs it sets itself
 * ({@code NODE_ENV=production npm ci}) or reads from a file it owns.
 *
 * <p>Thread-safe (stateless).
 */
public final class CommandEnvironment {
    /** The variables passed on by name. */
    public static final Set<String> PASSED = Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "SHELL",
            "LANG",
            "LANGUAGE",
            "TZ",
            "TMPDIR",
            "SSH_AUTH_SOCK",
            "XDG_RUNTIME_DIR",
            "DBUS_SESSION_BUS_ADDRESS",
            "SSL_CERT_FILE",
            "SSL_CERT_DIR");

    private static final Set<String> PROXIES = Set.of("http_proxy", "https_proxy", "no_proxy", "all_proxy");

    private CommandEnvironment() {}

    /** The variables of {@code processEnvironment} a command may see. */
    public static Map<String, String> basics(Map<String, String> processEnvironment) {
        Map<String, String> out = new LinkedHashMap<>();
        processEnvironment.forEach((name, value) -> {
            if (isPassed(name)) {
                out.put(name, value);
            }
        });
        return out;
    }

    /** Whether a variable of Fraisier's environment is passed on to commands. */
    public static boolean isPassed(String name) {
        return PASSED.contains(name)
                || name.startsWith("LC_")
                || PROXIES.contains(name.toLowerCase(java.util.Locale.ROOT));
    }
}
