package io.fraisier.providers.ssh;

import io.fraisier.core.config.ProviderSettings;
import io.fraisier.core.config.Secret;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SSH keys of one environment ({@code host}, {@code port}, {@code user}, {@code key_path},
 * {@code key_passphrase_env}, {@code known_hosts}, {@code host_key_fingerprint}), checked. Host keys are
 * always verified: against {@code known_hosts}, or against the pinned fingerprint when one is set.
 *
 * @param keyPath where the keys live in fraises.yaml, for messages
 * @param endpoint user, host and port
 * @param keyFiles private keys to offer, in order ({@code key_path}, or the default identities that exist)
 * @param keyPathSet whether {@code key_path} was given (then it must exist)
 * @param passphrase the private key's passphrase, from the variable {@code key_passphrase_env} names
 * @param knownHosts the known_hosts file (ignored when a fingerprint is pinned)
 * @param fingerprint the pinned {@code SHA256:…} host key fingerprint
 * @param connectTimeout limit of the TCP connect and of each SSH handshake step
 */
public record SshSettings(
        String keyPath,
        SshEndpoint endpoint,
        List<Path> keyFiles,
        boolean keyPathSet,
        Optional<Secret> passphrase,
        Path knownHosts,
        Optional<String> fingerprint,
        Duration connectTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,63}");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");

    public SshSettings {
        keyFiles = List.copyOf(keyFiles);
    }

    /**
     * Reads and checks the SSH keys of an environment.
     *
     * @param env the process environment, where {@code key_passphrase_env} is looked up
     * @param home the local user's home, for {@code ~} and the default identities
     * @throws FraisierException {@code CONFIG_INVALID} naming the key when one is malformed,
     *     {@code SECRET_MISSING} when the passphrase variable is not set
     */
    public static SshSettings from(ProviderSettings s, Map<String, String> env, Path home) {
        String keyPath = s.keyPath();
        String host = s.requireString("host").trim();
        if (!HOST.matcher(host).matches() || host.startsWith("-")) {
            throw invalid(
                    keyPath, "host", "'" + host + "' is not a host name or address", "Write e.g. app1.example.com.");
        }
        long port = SshKeys.PORT.whole(s);
        if (port < 1 || port > 65535) {
            throw invalid(
                    keyPath,
                    "port",
                    "must be between 1 and 65535, got " + port,
                    "Remove it to use " + SshKeys.PORT.defaultText() + ".");
        }
        String user = s.string("user").map(String::trim).orElse(System.getProperty("user.name"));
        if (!USER.matcher(user).matches()) {
            throw invalid(
                    keyPath, "user", "'" + user + "' is not a user name", "Write the remote account, e.g. deploy.");
        }
        boolean keyPathSet = s.has("key_path");
        List<Path> keys = keyPathSet
                ? List.of(expand(keyPath, "key_path", s.requireString("key_path"), home))
                : defaultIdentities(home);
        Optional<Secret> passphrase = Optional.empty();
        Optional<String> passphraseEnv = s.string("key_passphrase_env").map(String::trim);
        if (passphraseEnv.isPresent()) {
            String value = env.get(passphraseEnv.get());
            if (value == null) {
                throw new FraisierException(
                        ErrorCode.SECRET_MISSING,
                        keyPath + ".key_passphrase_env: the environment variable " + passphraseEnv.get()
                                + " is not set",
                        "Export " + passphraseEnv.get() + " with the key's passphrase before running Fraisier.");
            }
            passphrase = Optional.of(Secret.of(value));
        }
        Path knownHosts = expand(keyPath, "known_hosts", SshKeys.KNOWN_HOSTS.text(s), home);
        Optional<String> fingerprint = s.string("host_key_fingerprint").map(String::trim);
        if (fingerprint.isPresent() && !FINGERPRINT.matcher(fingerprint.get()).matches()) {
            throw invalid(
                    keyPath,
                    "host_key_fingerprint",
                    "'" + fingerprint.get() + "' is not a SHA256 fingerprint",
                    "Copy it as `ssh-keygen -lf` prints it, e.g. \"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\".");
        }
        return new SshSettings(
                keyPath,
                new SshEndpoint(user, host, (int) port),
                keys,
                keyPathSet,
                passphrase,
                knownHosts,
                fingerprint.map(f -> f.endsWith("=") ? f.substring(0, f.length() - 1) : f),
                DEFAULT_CONNECT_TIMEOUT);
    }

    /** A copy with another connect timeout. */
    public SshSettings withConnectTimeout(Duration timeout) {
        return new SshSettings(keyPath, endpoint, keyFiles, keyPathSet, passphrase, knownHosts, fingerprint, timeout);
    }

    private static List<Path> defaultIdentities(Path home) {
        Path ssh = home.resolve(".ssh");
        return List.of(ssh.resolve("id_ed25519"), ssh.resolve("id_rsa")).stream()
                .filter(Files::isRegularFile)
                .toList();
    }

    private static Path expand(String keyPath, String key, String value, Path home) {
        String v = value.trim();
        Path path = v.equals("~") ? home : v.startsWith("~/") ? home.resolve(v.substring(2)) : Path.of(v);
        if (!path.isAbsolute()) {
            throw invalid(
                    keyPath, key, "'" + value + "' is not an absolute path", "Write a full path or one under ~/.");
        }
        return path.normalize();
    }

    private static FraisierException invalid(String keyPath, String key, String problem, String hint) {
        return new FraisierException(ErrorCode.CONFIG_INVALID, keyPath + "." + key + ": " + problem, hint);
    }
}
