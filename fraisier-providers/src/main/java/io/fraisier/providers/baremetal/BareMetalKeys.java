package io.fraisier.providers.baremetal;

import io.fraisier.core.spi.ProviderKey;
import io.fraisier.providers.git.CheckoutKeys;
import io.fraisier.providers.ssh.SshKeys;
import java.util.ArrayList;
import java.util.List;

/** The keys of a {@code bare_metal} environment: the SSH keys ({@code host} required), then the checkout's. */
public final class BareMetalKeys {
    public static final List<ProviderKey> ALL = all();

    private BareMetalKeys() {}

    private static List<ProviderKey> all() {
        List<ProviderKey> keys = new ArrayList<>(SshKeys.keys(true));
        keys.addAll(CheckoutKeys.ALL);
        return List.copyOf(keys);
    }
}
