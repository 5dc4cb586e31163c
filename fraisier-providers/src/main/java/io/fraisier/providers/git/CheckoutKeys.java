package io.fraisier.providers.git;

import io.fraisier.core.spi.ProviderKey;
import java.util.List;

/** The keys of the providers that deploy a git checkout ({@code local}, {@code bare_metal}); see {@link io.fraisier.providers.host.HostSettings}. */
public final class CheckoutKeys {
    public static final ProviderKey APP_PATH = ProviderKey.string(
                    "app_path", "the checkout (in_place), or the folder of releases/ and current (releases)")
            .asRequired();
    public static final ProviderKey GIT_REPO = ProviderKey.string("git_repo", "where the code comes from");
    public static final ProviderKey STRATEGY = ProviderKey.choice(
                    "strategy",
                    List.of("in_place", "releases"),
                    "in_place (fetch + checkout) or releases (release dirs + symlink)")
            .withDefault("in_place");
    public static final ProviderKey KEEP_RELEASES = ProviderKey.integer(
                    "keep_releases", 1, Integer.MAX_VALUE, "releases kept (releases strategy)")
            .withDefault(5L);
    public static final ProviderKey INSTALL_COMMAND =
            ProviderKey.string("install_command", "run in the new checkout before the restart");
    public static final ProviderKey SYSTEMD_SERVICE =
            ProviderKey.string("systemd_service", "unit restarted with systemctl");
    public static final ProviderKey RESTART_COMMAND = ProviderKey.string(
                    "restart_command", "run in the deployed folder to restart, instead of systemd_service")
            .conflictsWith("systemd_service", "restart_command replaces the systemd restart");
    public static final ProviderKey USE_SUDO =
            ProviderKey.bool("use_sudo", "run systemctl through sudo -n").withDefault(false);
    public static final ProviderKey LOG_COMMAND =
            ProviderKey.string("log_command", "prints the service's recent log (instead of journalctl)");

    /** In documentation order. */
    public static final List<ProviderKey> ALL = List.of(
            APP_PATH,
            GIT_REPO,
            STRATEGY,
            KEEP_RELEASES,
            INSTALL_COMMAND,
            SYSTEMD_SERVICE,
            RESTART_COMMAND,
            USE_SUDO,
            LOG_COMMAND);

    private CheckoutKeys() {}
}
