package io.fraisier.providers.ssh;

import io.fraisier.core.spi.ProviderKey;
import java.util.List;

/** The SSH keys of the providers that reach their host over SSH ({@code bare_metal}, {@code docker_compose}). */
public final class SshKeys {
    /** The host to connect to. */
    public static final ProviderKey HOST = ProviderKey.string("host", "host to connect to over SSH");

    /** The hosts of a fleet, instead of {@code host}: each deployed with its own keys in place of these. */
    public static final ProviderKey HOSTS = ProviderKey.hosts(
                    "hosts",
                    "several hosts, rolled out in batches (see rollout:): [user@]host[:port], or mappings of these keys")
            .conflictsWith("host", "hosts: lists a fleet's hosts, host: is a fleet of one");

    /** Its SSH port; set whenever {@code host} is. */
    public static final ProviderKey PORT =
            ProviderKey.port("port", "SSH port").withDefault(22L).onlyWith("host");

    public static final ProviderKey USER =
            ProviderKey.string("user", "remote account (default: the local user's name)");
    public static final ProviderKey KEY_PATH =
            ProviderKey.string("key_path", "private key (default: ~/.ssh/id_ed25519, then ~/.ssh/id_rsa)");
    public static final ProviderKey KEY_PASSPHRASE_ENV =
            ProviderKey.variableName("key_passphrase_env", "environment variable holding the private key's passphrase");
    public static final ProviderKey KNOWN_HOSTS = ProviderKey.string("known_hosts", "host keys to trust")
            .withDefault("~/.ssh/known_hosts")
            .onlyWith("host");
    public static final ProviderKey HOST_KEY_FINGERPRINT =
            ProviderKey.string("host_key_fingerprint", "pinned SHA256:… host key fingerprint, instead of known_hosts");

    private SshKeys() {}

    /**
     * The SSH keys, with {@code host} required or optional (then SSH is used only when it is set); a
     * required {@code host} may be replaced by {@code hosts}.
     */
    public static List<ProviderKey> keys(boolean hostRequired) {
        return List.of(
                hostRequired ? HOST.asRequired() : HOST,
                HOSTS,
                PORT,
                USER,
                KEY_PATH,
                KEY_PASSPHRASE_ENV,
                KNOWN_HOSTS,
                HOST_KEY_FINGERPRINT);
    }
}
