package io.fraisier.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Says when a command records to the per-user SQLite store ({@code ~/.local/share/fraisier/fraisier.db},
 * the fallback when {@code /var/lib/fraisier} is not writable) while a system store exists or the webhook
 * daemon is installed: its deployments and locks would then be invisible to the daemon and to other
 * operators. One warning per process, on stderr, so never inside {@code --output json}'s document.
 */
final class StoreSplitWarning {
    static final Path SYSTEM_STORE = Path.of("/var/lib/fraisier/fraisier.db");
    static final List<Path> DAEMON_UNITS = List.of(
            Path.of("/etc/systemd/system/fraisier-webhook.service"),
            Path.of("/lib/systemd/system/fraisier-webhook.service"),
            Path.of("/usr/lib/systemd/system/fraisier-webhook.service"));

    private final Path systemStore;
    private final List<Path> daemonUnits;
    private boolean said;

    StoreSplitWarning() {
        this(SYSTEM_STORE, DAEMON_UNITS);
    }

    StoreSplitWarning(Path systemStore, List<Path> daemonUnits) {
        this.systemStore = systemStore;
        this.daemonUnits = daemonUnits;
    }

    /**
     * The warning for a store described as {@code sqlite <path>}, once: empty when the store is not the
     * per-user fallback, when nothing else records elsewhere, or when it was already given.
     */
    synchronized Optional<String> check(String storeDescription, Map<String, String> environment) {
        if (said || !storeDescription.startsWith("sqlite ")) {
            return Optional.empty();
        }
        Path store = Path.of(storeDescription.substring("sqlite ".length()).strip());
        String home = environment.get("HOME");
        Path userHome = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
        if (!store.equals(userHome.resolve(".local/share/fraisier/fraisier.db")
                .toAbsolutePath()
                .normalize())) {
            return Optional.empty();
        }
        boolean systemStoreExists = Files.exists(systemStore);
        Optional<Path> unit = daemonUnits.stream().filter(Files::exists).findFirst();
        if (!systemStoreExists && unit.isEmpty()) {
            return Optional.empty();
        }
        said = true;
        String elsewhere = systemStoreExists
                ? "the system store " + systemStore + " exists"
                        + (unit.isPresent() ? " and fraisier-webhook is installed (" + unit.get() + ")" : "")
                : "fraisier-webhook is installed (" + unit.get() + ")";
        return Optional.of("warning: recording to your own store " + store + " (" + systemStore.getParent()
                + " is not writable for you), but " + elsewhere + ": the daemon and other operators will not see"
                + " these deployments, nor their locks.\n"
                + "hint: Run as the service user (sudo -u fraisier fraisier ...), or point every process at one"
                + " store with FRAISIER_HOME, FRAISIER_DATABASE_URL or a database: block in fraises.yaml.");
    }
}
