package io.fraisier.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package on this machine, for real: docs/INSTALL.md's "deb-install", "deb-upgrade" and
 * "deb-remove" blocks run as written (dpkg -i, --version, config validate; dpkg -i of a next version; dpkg -r
 * and --purge), with the user, folders, conffile, links and units checked in between, and both units
 * checked by {@code systemd-analyze verify} and scored by {@code systemd-analyze security --offline=yes}.
 *
 * <p>Needs root, dpkg and a machine where no fraisier package, user or /opt/fraisier exists yet (it skips
 * otherwise, saying why). Whatever it installs or creates it removes, also when it fails: the package
 * (purged), the fraisier user and group, /var/lib/fraisier.
 */
class DebPackageIT {
    /** The exposure score each unit must not exceed (systemd-analyze's scale: 0 safe … 10 unsafe). */
    static final double MAX_EXPOSURE = 2.5;

    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: ([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    void installUpgradeRemove_asDocumented() throws Exception {
        assumeTrue(
                "0".equals(Shell.run("id", "-u").output().strip()), "not root: dpkg -i needs root (CI runs as root)");
        assumeTrue(Shell.onPath("dpkg") && Shell.onPath("dpkg-deb"), "no dpkg: apt-get install dpkg");
        assumeTrue(
                Shell.run("dpkg-query", "-W", "fraisier").exit() != 0,
                "a fraisier package is already installed here: this test installs and removes its own");
        assumeTrue(
                Shell.run("getent", "passwd", "fraisier").exit() != 0,
                "a fraisier user already exists here: this test creates and removes its own");
        assumeTrue(
                !Files.exists(Path.of("/opt/fraisier")) && !Files.exists(Path.of("/var/lib/fraisier")),
                "/opt/fraisier or /var/lib/fraisier exists here: this test installs into them and removes them");
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        Files.copy(Distribution.deb(), downloads.resolve(Distribution.deb().getFileName()));
        makeNextVersion(downloads);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", Distribution.javaHome());
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("FRAISIER_CONFIG", null);
        env.put("FRAISIER_DATABASE_URL", null);
        String version = Distribution.version();
        try {
            Shell.Result install = Shell.bash(Distribution.block("deb-install"), downloads, env)
                    .ok();

            assertThat(install.output()).contains("fraisier " + version).contains("valid: /opt/fraisier/fraises.yaml");
            assertThat(Shell.run("getent", "passwd", "fraisier").ok().output()).contains(":/var/lib/fraisier:");
            assertThat(Shell.run(
                                    "stat",
                                    "-c",
                                    "%U:%G %a",
                                    "/var/lib/fraisier",
                                    "/var/log/fraisier",
                                    "/etc/fraisier/fraises.yaml")
                            .ok()
                            .output()
                            .lines())
                    .containsExactly("fraisier:fraisier 750", "fraisier:fraisier 750", "root:fraisier 640");
            assertThat(Files.readSymbolicLink(Path.of("/opt/fraisier/current"))).hasToString("fraisier-" + version);
            assertThat(Path.of("/usr/bin/fraisier").toRealPath())
                    .isEqualTo(Path.of("/opt/fraisier/fraisier-" + version + "/bin/fraisier"));
            assertThat(Path.of("/usr/bin/fraisier-webhook").toRealPath())
                    .isEqualTo(Path.of("/opt/fraisier/fraisier-" + version + "/bin/fraisier-webhook"));
            assertThat(Shell.run("dpkg-query", "-W", "-f", "${Conffiles}", "fraisier")
                            .ok()
                            .output())
                    .contains("/etc/fraisier/fraises.yaml");
            assertThat(Shell.run("runuser", "-u", "fraisier", "--", "/usr/bin/fraisier", "--version")
                            .ok()
                            .output())
                    .startsWith("fraisier " + version);
            for (String documented : Distribution.documentedInstallationPaths()) {
                assertThat(Path.of(documented))
                        .as("%s, named in the docs or a unit", documented)
                        .exists();
            }
            checkUnits();

            Shell.Result init =
                    Shell.bash(Distribution.block("deb-init"), downloads, env).ok();
            assertThat(init.output()).contains("valid: /opt/fraisier/fraises.yaml");
            assertThat(Files.readString(Path.of("/etc/fraisier/fraises.yaml"))).contains("bare_metal");

            // the operator's edit survives the upgrade
            Files.writeString(
                    Path.of("/etc/fraisier/fraises.yaml"),
                    "# edited by DebPackageIT\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);

            Shell.Result upgrade = Shell.bash(Distribution.block("deb-upgrade"), downloads, env)
                    .ok();

            assertThat(upgrade.output()).contains("fraisier " + version);
            assertThat(Shell.run("dpkg-query", "-W", "-f", "${Version}", "fraisier")
                            .ok()
                            .output())
                    .isEqualTo(Distribution.NEXT_DEB_VERSION);
            assertThat(Files.readSymbolicLink(Path.of("/opt/fraisier/current")))
                    .hasToString("fraisier-" + Distribution.NEXT_VERSION);
            assertThat(Path.of("/opt/fraisier/fraisier-" + version))
                    .as("the old version's folder, with its jars, is gone")
                    .doesNotExist();
            assertThat(Files.readString(Path.of("/etc/fraisier/fraises.yaml"))).endsWith("# edited by DebPackageIT\n");
            checkUnits();

            Shell.bash(Distribution.block("deb-remove"), downloads, env).ok();

            assertThat(Shell.run("dpkg-query", "-W", "-f", "${Status}", "fraisier")
                            .output())
                    .doesNotContain("installed");
            assertThat(Path.of("/usr/bin/fraisier")).doesNotExist();
            assertThat(Path.of("/opt/fraisier")).doesNotExist();
            assertThat(Path.of("/etc/fraisier")).doesNotExist();
            assertThat(Path.of("/var/log/fraisier")).doesNotExist();
            assertThat(Path.of("/lib/systemd/system/fraisier-webhook.service")).doesNotExist();
        } finally {
            List<String> leftovers = new ArrayList<>();
            if (Shell.run("dpkg-query", "-W", "fraisier").exit() == 0) {
                Shell.run("dpkg", "--purge", "fraisier");
            }
            if (Shell.run("getent", "passwd", "fraisier").exit() == 0) {
                Shell.run("userdel", "fraisier");
            }
            if (Shell.run("getent", "group", "fraisier").exit() == 0) {
                Shell.run("groupdel", "fraisier");
            }
            Shell.run("rm", "-rf", "/var/lib/fraisier", "/var/log/fraisier", "/opt/fraisier", "/etc/fraisier");
            for (String left : List.of("/opt/fraisier", "/var/lib/fraisier", "/etc/fraisier", "/usr/bin/fraisier")) {
                if (Files.exists(Path.of(left), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    leftovers.add(left);
                }
            }
            assertThat(leftovers).as("left behind on this machine").isEmpty();
        }
    }

    private static void checkUnits() throws Exception {
        for (String unit : List.of("fraisier-webhook.service", "fraisier-metrics.service")) {
            Path file = Path.of("/lib/systemd/system", unit);
            assertThat(file).exists();
            Shell.Result verify = Shell.run("systemd-analyze", "verify", file.toString());
            assertThat(verify.exit())
                    .as("systemd-analyze verify %s:\n%s", unit, verify.output())
                    .isZero();
            assertThat(verify.output()).as("systemd-analyze verify %s", unit).isBlank();
            assertThat(exposure(file)).as("systemd-analyze security %s", unit).isLessThanOrEqualTo(MAX_EXPOSURE);
        }
        // installed, never enabled: nothing links to them
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/fraisier-webhook.service"))
                .doesNotExist();
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants/fraisier-metrics.service"))
                .doesNotExist();
    }

    static double exposure(Path unit) throws Exception {
        Shell.Result security = Shell.run("systemd-analyze", "security", "--offline=yes", unit.toString());
        Matcher m = EXPOSURE.matcher(security.output());
        assertThat(m.find())
                .as("systemd-analyze security %s:\n%s", unit, security.output())
                .isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** fraisier_NEXT_all.deb: this build's package as the next version (its folder and version renamed). */
    private void makeNextVersion(Path downloads) throws Exception {
        Path tree = tmp.resolve("next");
        Shell.run("dpkg-deb", "-R", Distribution.deb().toString(), tree.toString())
                .ok();
        String old = "fraisier-" + Distribution.version();
        String next = "fraisier-" + Distribution.NEXT_VERSION;
        Files.move(tree.resolve("opt/fraisier/" + old), tree.resolve("opt/fraisier/" + next));
        Files.delete(tree.resolve("opt/fraisier/current"));
        Files.createSymbolicLink(tree.resolve("opt/fraisier/current"), Path.of(next));
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(
                control,
                Files.readString(control)
                        .replace("Version: " + Distribution.debVersion(), "Version: " + Distribution.NEXT_DEB_VERSION));
        Shell.bash(
                        "cd '" + tree + "' && find . -path ./DEBIAN -prune -o -type f -printf '%P\\0' | sort -z"
                                + " | xargs -0 md5sum > DEBIAN/md5sums",
                        tmp,
                        Map.of())
                .ok();
        Shell.run(
                        "dpkg-deb",
                        "-Znone",
                        "--root-owner-group",
                        "-b",
                        tree.toString(),
                        downloads
                                .resolve("fraisier_" + Distribution.NEXT_DEB_VERSION + "_all.deb")
                                .toString())
                .ok();
    }
}
