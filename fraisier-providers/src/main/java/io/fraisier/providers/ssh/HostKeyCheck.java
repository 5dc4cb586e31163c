package io.fraisier.providers.ssh;

import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import org.jspecify.annotations.Nullable;

/**
 * Verifies the server's host key against the pinned {@code host_key_fingerprint} or the
 * {@code known_hosts} file (plain and hashed entries, {@code [host]:port} names, {@code @revoked}), and
 * remembers what it saw so that a refusal can show the fingerprint and how to trust it. There is no way
 * to skip the check.
 *
 * <p>One instance per connection attempt; not thread-safe.
 */
final class HostKeyCheck implements HostKeyVerifier {
    enum Verdict {
        NOT_CHECKED,
        TRUSTED,
        UNKNOWN,
        CHANGED,
        MISMATCH
    }

    private final SshSettings settings;
    private final @Nullable Recording knownHosts;
    private @Nullable PublicKey seen;
    private Verdict verdict = Verdict.NOT_CHECKED;

    private HostKeyCheck(SshSettings settings, @Nullable Recording knownHosts) {
        this.settings = settings;
        this.knownHosts = knownHosts;
    }

    /**
     * @throws FraisierException {@code CONFIG_INVALID} when the known_hosts file exists but cannot be read
     */
    static HostKeyCheck of(SshSettings settings) {
        if (settings.fingerprint().isPresent()) {
            return new HostKeyCheck(settings, null);
        }
        File file = settings.knownHosts().toFile();
        try (Reader reader = Files.isRegularFile(settings.knownHosts())
                ? Files.newBufferedReader(settings.knownHosts())
                : new StringReader("")) {
            return new HostKeyCheck(settings, new Recording(reader));
        } catch (IOException e) {
            throw new FraisierException(
                    ErrorCode.CONFIG_INVALID,
                    settings.keyPath() + ".known_hosts: cannot read " + file + ": " + e.getMessage(),
                    "Make it readable by the user running Fraisier, or pin host_key_fingerprint instead.");
        }
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        seen = key;
        if (settings.fingerprint().isPresent()) {
            verdict = settings.fingerprint().get().equals(fingerprint(key)) ? Verdict.TRUSTED : Verdict.MISMATCH;
            return verdict == Verdict.TRUSTED;
        }
        Recording recording = java.util.Objects.requireNonNull(knownHosts);
        recording.verdict = Verdict.NOT_CHECKED;
        boolean ok = recording.verify(hostname, port, key);
        // a @revoked entry is refused without either action being called: reported as not known
        verdict = ok ? Verdict.TRUSTED : recording.verdict == Verdict.CHANGED ? Verdict.CHANGED : Verdict.UNKNOWN;
        return ok;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return knownHosts == null ? List.of() : knownHosts.findExistingAlgorithms(hostname, port);
    }

    Verdict verdict() {
        return verdict;
    }

    /** The fingerprint of the key the server offered, once it offered one. */
    @Nullable
    String seenFingerprint() {
        return seen == null ? null : fingerprint(seen);
    }

    @Nullable
    String seenType() {
        return seen == null ? null : KeyType.fromKey(seen).toString();
    }

    /** Why the server's key was refused, with the fingerprint seen and how to trust it. */
    FraisierException refusal() {
        SshEndpoint e = settings.endpoint();
        String offered = seenType() + " " + seenFingerprint();
        String scan = "ssh-keyscan -p " + e.port() + " " + e.host() + " >> " + settings.knownHosts();
        String pin = settings.keyPath() + ".host_key_fingerprint: \"" + seenFingerprint() + "\"";
        return switch (verdict) {
            case MISMATCH ->
                new FraisierException(
                        ErrorCode.PROVIDER_UNREACHABLE,
                        "Host key of " + e + " does not match host_key_fingerprint: expected "
                                + settings.fingerprint().orElse("?") + ", the server offered " + offered,
                        "If the host's key really changed (reinstall), check the new one with its administrator"
                                + " (`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the host), then set "
                                + pin + ". Otherwise someone may be intercepting the connection.");
            case CHANGED ->
                new FraisierException(
                        ErrorCode.PROVIDER_UNREACHABLE,
                        "Host key of " + e + " CHANGED: " + settings.knownHosts() + " holds a different key for "
                                + e.knownHostsName() + "; the server offered " + offered,
                        "Someone may be intercepting the connection. If the host was reinstalled, check the new"
                                + " fingerprint with its administrator, remove the old entry (`ssh-keygen -R '"
                                + e.knownHostsName() + "' -f " + settings.knownHosts() + "`) and add the new one: `"
                                + scan + "`, or set " + pin + ".");
            default ->
                new FraisierException(
                        ErrorCode.PROVIDER_UNREACHABLE,
                        "Host key of " + e + " is not known: " + e.knownHostsName() + " is not in "
                                + settings.knownHosts() + "; the server offered " + offered,
                        "Check that fingerprint with the host's administrator, then trust it: `" + scan + "`, or set "
                                + pin + ".");
        };
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the key's SSH encoding, as ssh-keygen -l prints. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** sshj's known_hosts reader, told to refuse (never to add) and to say why. */
    private static final class Recording extends OpenSSHKnownHosts {
        private Verdict verdict = Verdict.NOT_CHECKED;

        Recording(Reader reader) throws IOException {
            super(reader);
        }

        @Override
        protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
            verdict = Verdict.UNKNOWN;
            return false;
        }

        @Override
        protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
            verdict = Verdict.CHANGED;
            return false;
        }
    }
}
