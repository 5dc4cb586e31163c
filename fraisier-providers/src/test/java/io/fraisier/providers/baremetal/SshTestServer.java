package io.fraisier.providers.baremetal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.shell.ProcessShellFactory;

/**
 * An in-process SSH server on 127.0.0.1 (Apache MINA sshd) that really runs commands on this machine, as
 * OpenSSH does: {@code /bin/sh -c LINE} in a new session ({@code setsid}), with {@code bin} first on the
 * PATH (where tests put a stand-in {@code systemctl}), and the login environment the test gives it
 * (DOCKER_HOST of a private daemon…). It accepts one client key, generated per test.
 */
public final class SshTestServer implements AutoCloseable {
    private final KeyPair hostKey;
    private final KeyPair clientKey;
    private final Path bin;
    private final Map<String, String> loginEnv;
    private SshServer server;
    private int port;

    public SshTestServer(Path bin) {
        this(bin, Map.of());
    }

    /** @param loginEnv variables every command sees, as a remote login shell would set them */
    public SshTestServer(Path bin, Map<String, String> loginEnv) {
        this.bin = bin;
        this.loginEnv = Map.copyOf(loginEnv);
        this.hostKey = generate();
        this.clientKey = generate();
    }

    static KeyPair generate() {
        try {
            return KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC key pair", e);
        }
    }

    /** Starts on a port the OS picks, or on the previous port when restarting. */
    public SshTestServer start() throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("test", List.of(clientKey.getPublic())));
        String path = bin + ":" + System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        List<String> env = new ArrayList<>(List.of("/usr/bin/env", "PATH=" + path));
        loginEnv.forEach((name, value) -> env.add(name + "=" + value));
        server.setCommandFactory((channel, command) -> new ProcessShellFactory(command, concat(env, command)) {
            @Override
            protected List<String> resolveEffectiveCommand(ChannelSession session, String raw, List<String> parsed) {
                return parsed;
            }
        }.createShell(channel));
        server.start();
        port = server.getPort();
        return this;
    }

    private static List<String> concat(List<String> env, String command) {
        List<String> argv = new ArrayList<>(env);
        argv.addAll(List.of("setsid", "/bin/sh", "-c", command));
        return argv;
    }

    public int port() {
        return port;
    }

    PublicKey hostPublicKey() {
        return hostKey.getPublic();
    }

    /** The known_hosts line of this server, as {@code ssh-keyscan -p PORT 127.0.0.1} prints it. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** Writes the client's private key in OpenSSH format, encrypted when {@code passphrase} is not null. */
    public Path writeClientKey(Path file, String passphrase) throws IOException {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "fraisier-test", encryption, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the client key", e);
        }
        return file;
    }

    /** Stops, dropping every open connection. */
    public void stop() throws IOException {
        if (server != null) {
            server.stop(true);
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
