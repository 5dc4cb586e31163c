package io.fraisier.providers.local;

import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.git.CheckoutKeys;
import io.fraisier.providers.ssh.SshKeys;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The keys of a {@code local} environment: a git checkout on this host, so no SSH keys. */
public final class LocalKeys {
    public static final List<ProviderKey> ALL = CheckoutKeys.ALL;

    private LocalKeys() {}

    /** Why a local environment refuses the SSH keys. */
    static @Nullable String foreignKeyNote(String key) {
        boolean ssh = SshKeys.keys(false).stream().anyMatch(k -> k.name().equals(key));
        return ssh ? "local runs commands on this host: it has no host/port/user/key keys" : null;
    }
}
