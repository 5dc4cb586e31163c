package io.fraisier.providers.coolify;

import com.fasterxml.jackson.databind.JsonNode;
import io.fraisier.core.error.ErrorCode;
import io.fraisier.core.error.FraisierException;
import io.fraisier.core.spi.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fraisier provider-test coolify}: the API answers, its version, the token is accepted, the
 * application exists. Each check runs even when an earlier one failed, so one run shows every problem,
 * unless the API did not answer at all; each call is tried once and has {@link #CHECK_WITHIN}.
 */
final class CoolifySelfTest {
    /** How long each check's one call may take, as the SSH and Docker providers' checks. */
    static final Duration CHECK_WITHIN = Duration.ofSeconds(15);

    private final CoolifySettings settings;
    private final CoolifyApi api;

    CoolifySelfTest(CoolifySettings settings, CoolifyApi api) {
        this.settings = settings;
        this.api = api;
    }

    List<CheckResult> run() {
        List<CheckResult> checks = new ArrayList<>();
        try {
            String answer = api.health();
            checks.add(CheckResult.pass(
                    "api", api.display("health") + " answers " + (answer.isBlank() ? "(empty)" : shorten(answer))));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("api", e.getMessage()));
            if (e.code() == ErrorCode.PROVIDER_UNREACHABLE && e.getCause() instanceof java.io.IOException) {
                // no answer at all (timed out, refused, unknown host): the other checks would only wait the
                // same time for the same silence; an HTTP error still lets them say more
                return checks;
            }
        }
        try {
            // /version needs the token: one call answers both checks
            String version = api.version();
            checks.add(CheckResult.pass("version", "Coolify " + shorten(version)));
            checks.add(CheckResult.pass("token", "accepted by " + settings.apiUrl()));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("version", e.getMessage()));
            checks.add(CheckResult.fail("token", e.getMessage()));
        }
        try {
            JsonNode app = api.application();
            String name = CoolifyDeployment.text(app, "name").orElse("(unnamed)");
            String branch = CoolifyDeployment.text(app, "git_branch").orElse("?");
            String commit = CoolifyDeployment.text(app, "git_commit_sha").orElse(CoolifyVersions.HEAD);
            checks.add(CheckResult.pass(
                    "application",
                    settings.applicationUuid() + " is '" + api.scrub(name) + "' (branch " + api.scrub(branch)
                            + ", commit " + api.scrub(commit) + ")"));
        } catch (FraisierException e) {
            checks.add(CheckResult.fail("application", e.getMessage()));
        }
        return checks;
    }

    private String shorten(String text) {
        String one = api.scrub(text).strip().replaceAll("\\s+", " ");
        return one.length() > 80 ? one.substring(0, 80) + "…" : one;
    }
}
