package io.fraisier.cli.render;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How records print: times as ISO-8601 UTC to the second (no spaces, so rows stay one awk field per
 * column), versions in their short form in tables and in full in JSON, JSON keys snake_case like the
 * database's columns.
 */
public final class DeploymentFormat {
    private DeploymentFormat() {}

    public static String time(@Nullable Instant at) {
        return at == null ? "-" : at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String version(@Nullable Version v) {
        return v == null ? "-" : v.shortForm();
    }

    public static String seconds(@Nullable Double s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.1fs", s);
    }

    public static Map<String, Object> json(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("fraise", d.target().fraise());
        m.put("environment", d.target().environment());
        m.put("provider", d.provider());
        m.put("status", d.status().dbValue());
        m.put("trigger", d.trigger().dbValue());
        m.put("triggered_by", d.triggeredBy());
        m.put("old_version", text(d.oldVersion()));
        m.put("new_version", text(d.newVersion()));
        m.put("created_at", text(d.createdAt()));
        m.put("started_at", text(d.startedAt()));
        m.put("completed_at", text(d.completedAt()));
        m.put("duration_seconds", d.durationSeconds());
        m.put("error_type", d.errorType());
        m.put("error_message", d.errorMessage());
        m.put("resolved_by", d.resolvedBy());
        m.put("resolution_reason", d.resolutionReason());
        return m;
    }

    public static @Nullable Map<String, Object> json(@Nullable LockLease lock) {
        if (lock == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraise", lock.target().fraise());
        m.put("environment", lock.target().environment());
        m.put("holder", lock.holder());
        m.put("deployment_id", lock.deploymentId());
        m.put("acquired_at", text(lock.acquiredAt()));
        m.put("expires_at", text(lock.expiresAt()));
        m.put("fencing_token", lock.fencingToken());
        return m;
    }

    public static @Nullable Map<String, Object> json(@Nullable FraiseState state) {
        if (state == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("current_version", text(state.currentVersion()));
        m.put("last_status", state.lastStatus().dbValue());
        m.put("last_deployment_id", state.lastDeploymentId());
        m.put("updated_at", text(state.updatedAt()));
        return m;
    }

    static @Nullable String text(@Nullable Object o) {
        return o == null ? null : o.toString();
    }
}
