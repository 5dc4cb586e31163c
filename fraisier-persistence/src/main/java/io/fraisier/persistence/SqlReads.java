package io.fraisier.persistence;

import io.fraisier.core.model.Deployment;
import io.fraisier.core.model.DeploymentStats;
import io.fraisier.core.model.DeploymentStatus;
import io.fraisier.core.model.FraiseState;
import io.fraisier.core.model.Freeze;
import io.fraisier.core.model.HistoryQuery;
import io.fraisier.core.model.LockLease;
import io.fraisier.core.model.Notification;
import io.fraisier.core.model.Target;
import io.fraisier.core.model.Trigger;
import io.fraisier.core.model.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The reads of the read-only commands ({@code history}, {@code stats}, {@code status-all}) and of the
 * check crash recovery makes on every open, written in plain SQL on a {@link Connection}: the one
 * implementation of each, which the jOOQ stores delegate to (in a transaction, on its connection). A
 * short command thus answers without loading jOOQ or the connection pool (issue #14).
 *
 * <p>Timestamps are {@code timestamptz} on PostgreSQL and UTC epoch milliseconds on SQLite, as {@link
 * Tables} declares them. Stateless apart from the dialect; thread-safe.
 */
final class SqlReads {
    /** Statuses that count in {@link #stats}: deployments that ran (superseded and cancelled ones never did). */
    static final List<DeploymentStatus> STATS_STATUSES = List.of(
            DeploymentStatus.SUCCESS,
            DeploymentStatus.FAILED,
            DeploymentStatus.ROLLED_BACK,
            DeploymentStatus.ROLLBACK_FAILED,
            DeploymentStatus.SKIPPED,
            DeploymentStatus.INTERRUPTED);

    private static final String DEPLOYMENT_COLUMNS = "id, fraise, environment, provider, status, \"trigger\","
            + " triggered_by, old_version, new_version, git_branch, git_commit, webhook_event_id,"
            + " requested_version, \"force\", fencing_token, created_at, started_at, completed_at,"
            + " duration_seconds, error_type, error_message, resolved_by, resolution_reason";
    private static final String STATE_COLUMNS =
            "fraise, environment, provider, current_version, last_status, last_deployment_id, updated_at";
    private static final String LOCK_COLUMNS =
            "fraise, environment, holder, deployment_id, acquired_at, expires_at, fencing_token";
    private static final String FREEZE_COLUMNS = "fraise, environment, set_by, reason, from_at, until_at";

    private final boolean postgres;

    SqlReads(boolean postgres) {
        this.postgres = postgres;
    }

    /** One deployment; {@code forUpdate} locks its row on PostgreSQL (SQLite's writer lock already does). */
    Optional<Deployment> deployment(Connection c, long id, boolean forUpdate) throws SQLException {
        String sql = "SELECT " + DEPLOYMENT_COLUMNS + " FROM tb_deployment WHERE id = ?"
                + (forUpdate && postgres ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(toDeployment(rs)) : Optional.empty();
            }
        }
    }

    /** Deployments matching {@code q}, newest first (created, then id), at most {@code q.limit()}. */
    List<Deployment> history(Connection c, HistoryQuery q) throws SQLException {
        List<String> where = new ArrayList<>();
        if (q.fraise() != null) {
            where.add("fraise = ?");
        }
        if (q.environment() != null) {
            where.add("environment = ?");
        }
        if (q.status() != null) {
            where.add("status = ?");
        }
        if (q.since() != null) {
            where.add("created_at >= ?");
        }
        String sql = "SELECT " + DEPLOYMENT_COLUMNS + " FROM tb_deployment"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (q.fraise() != null) {
                ps.setString(i++, q.fraise());
            }
            if (q.environment() != null) {
                ps.setString(i++, q.environment());
            }
            if (q.status() != null) {
                ps.setString(i++, q.status().dbValue());
            }
            if (q.since() != null) {
                bind(ps, i++, q.since());
            }
            ps.setInt(i, q.limit());
            List<Deployment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(toDeployment(rs));
                }
            }
            return out;
        }
    }

    /**
     * Aggregates of the deployments that ended since {@code since} ({@link #STATS_STATUSES}): one entry
     * per fraise in name order, then the total (fraise null). The p95 is PostgreSQL's {@code
     * percentile_cont}; SQLite has none, so it is interpolated in Java the same way.
     */
    List<DeploymentStats> stats(Connection c, Instant since, @Nullable String fraise) throws SQLException {
        String window = "completed_at >= ? AND status IN ("
                + STATS_STATUSES.stream().map(s -> "'" + s.dbValue() + "'").collect(Collectors.joining(", "))
                + ")" + (fraise == null ? "" : " AND fraise = ?");
        String aggregates = "COUNT(*),"
                + " SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN status IN ('failed', 'rollback_failed') THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN status IN ('rolled_back', 'rollback_failed') THEN 1 ELSE 0 END),"
                + " AVG(duration_seconds)"
                + (postgres ? ", PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY duration_seconds)" : "");
        Map<String, Double> javaP95 = postgres ? Map.of() : p95InJava(c, window, since, fraise);
        List<DeploymentStats> out = new ArrayList<>();
        String perFraise = "SELECT fraise, " + aggregates + " FROM tb_deployment WHERE " + window
                + " GROUP BY fraise ORDER BY fraise";
        try (PreparedStatement ps = c.prepareStatement(perFraise)) {
            bindWindow(ps, since, fraise);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    out.add(toStats(name, rs, javaP95.get(name)));
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT NULL, " + aggregates + " FROM tb_deployment WHERE " + window)) {
            bindWindow(ps, since, fraise);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out.add(toStats(null, rs, javaP95.get(TOTAL)));
            }
        }
        return out;
    }

    /** Key of the all-fraises entry in {@link #p95InJava}. */
    private static final String TOTAL = "";

    /** SQLite has no percentile function: read the window's durations, sorted, and interpolate. */
    private Map<String, Double> p95InJava(Connection c, String window, Instant since, @Nullable String fraise)
            throws SQLException {
        Map<String, List<Double>> byFraise = new LinkedHashMap<>();
        String sql = "SELECT fraise, duration_seconds FROM tb_deployment WHERE " + window
                + " AND duration_seconds IS NOT NULL ORDER BY duration_seconds";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindWindow(ps, since, fraise);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double seconds = rs.getDouble(2);
                    byFraise.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(seconds);
                    byFraise.computeIfAbsent(TOTAL, k -> new ArrayList<>()).add(seconds);
                }
            }
        }
        Map<String, Double> p95 = new HashMap<>();
        byFraise.forEach((k, v) -> p95.put(k, DeploymentStats.percentile(v, 0.95)));
        return p95;
    }

    private void bindWindow(PreparedStatement ps, Instant since, @Nullable String fraise) throws SQLException {
        bind(ps, 1, since);
        if (fraise != null) {
            ps.setString(2, fraise);
        }
    }

    private DeploymentStats toStats(@Nullable String fraise, ResultSet rs, @Nullable Double javaP95)
            throws SQLException {
        return new DeploymentStats(
                fraise,
                rs.getLong(2),
                rs.getLong(3), // a SUM over no rows is NULL: getLong reads it as 0
                rs.getLong(4),
                rs.getLong(5),
                nullableDouble(rs, 6),
                postgres ? nullableDouble(rs, 7) : javaP95);
    }

    /** The recorded state of one target. */
    Optional<FraiseState> state(Connection c, Target target) throws SQLException {
        return states(c, target).stream().findFirst();
    }

    /** Every recorded target state, by fraise then environment. */
    List<FraiseState> states(Connection c) throws SQLException {
        return states(c, null);
    }

    private List<FraiseState> states(Connection c, @Nullable Target target) throws SQLException {
        return perTarget(
                c,
                "SELECT " + STATE_COLUMNS + " FROM tb_fraise_state",
                "fraise, environment",
                target,
                rs -> new FraiseState(
                        Target.of(rs.getString(1), rs.getString(2)),
                        rs.getString(3),
                        version(rs.getString(4)),
                        DeploymentStatus.parse(rs.getString(5)),
                        rs.getLong(6),
                        time(rs, 7)));
    }

    /** The lock of one target, expired or not. */
    Optional<LockLease> lock(Connection c, Target target) throws SQLException {
        return locks(c, target).stream().findFirst();
    }

    /** Held locks, oldest first (expired ones included until reclaimed). */
    List<LockLease> locks(Connection c) throws SQLException {
        return locks(c, null);
    }

    private List<LockLease> locks(Connection c, @Nullable Target target) throws SQLException {
        return perTarget(
                c,
                "SELECT " + LOCK_COLUMNS + " FROM tb_deployment_lock",
                "acquired_at, fraise, environment",
                target,
                rs -> new LockLease(
                        Target.of(rs.getString(1), rs.getString(2)),
                        rs.getString(3),
                        rs.getLong(4),
                        time(rs, 5),
                        time(rs, 6),
                        rs.getLong(7)));
    }

    /** The manual freeze of one target. */
    Optional<Freeze> freeze(Connection c, Target target) throws SQLException {
        return freezes(c, target).stream().findFirst();
    }

    /** Every manual freeze, by fraise then environment. */
    List<Freeze> freezes(Connection c) throws SQLException {
        return freezes(c, null);
    }

    private List<Freeze> freezes(Connection c, @Nullable Target target) throws SQLException {
        return perTarget(
                c,
                "SELECT " + FREEZE_COLUMNS + " FROM tb_freeze",
                "fraise, environment",
                target,
                rs -> new Freeze(
                        Target.of(rs.getString(1), rs.getString(2)),
                        null,
                        rs.getString(3),
                        rs.getString(4),
                        time(rs, 5),
                        nullableTime(rs, 6)));
    }

    /**
     * The {@code in_progress} deployments without a live lease of their own at {@code now} (their process
     * died, or lost the lock), by id: what crash recovery marks {@code interrupted}.
     */
    List<Long> orphans(Connection c, Instant now) throws SQLException {
        String sql = "SELECT d.id FROM tb_deployment d WHERE d.status = 'in_progress' AND NOT EXISTS"
                + " (SELECT 1 FROM tb_deployment_lock l WHERE l.fraise = d.fraise AND l.environment = d.environment"
                + " AND l.deployment_id = d.id AND l.expires_at > ?) ORDER BY d.id";
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 1, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /**
     * The ids of the notifications due at {@code at} (pending, their next attempt reached, not claimed or
     * their claim lapsed), oldest first, at most {@code limit}. {@code lock}: also row-lock them, skipping
     * rows another process locked (PostgreSQL; SQLite's writer lock serialises claims already).
     */
    List<Long> dueNotifications(Connection c, Instant at, int limit, boolean lock) throws SQLException {
        String sql = "SELECT id FROM tb_notification WHERE state = ? AND next_attempt_at <= ?"
                + " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?"
                + (lock && postgres ? " FOR UPDATE SKIP LOCKED" : "");
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, Notification.State.PENDING.dbValue());
            bind(ps, 2, at);
            bind(ps, 3, at);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Rows of {@code select} for one target, or for all when {@code target} is null, ordered by {@code orderBy}. */
    private static <T> List<T> perTarget(
            Connection c, String select, String orderBy, @Nullable Target target, Row<T> row) throws SQLException {
        String sql = select + (target == null ? "" : " WHERE fraise = ? AND environment = ?") + " ORDER BY " + orderBy;
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, target);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(row.map(rs));
            }
        }
        return out;
    }

    /** One result row as a model object. */
    @FunctionalInterface
    private interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private static PreparedStatement prepare(Connection c, String sql, @Nullable Target target) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (target != null) {
            ps.setString(1, target.fraise());
            ps.setString(2, target.environment());
        }
        return ps;
    }

    private Deployment toDeployment(ResultSet rs) throws SQLException {
        return new Deployment(
                rs.getLong(1),
                Target.of(rs.getString(2), rs.getString(3)),
                rs.getString(4),
                DeploymentStatus.parse(rs.getString(5)),
                Trigger.parse(rs.getString(6)),
                rs.getString(7),
                version(rs.getString(8)),
                version(rs.getString(9)),
                rs.getString(10),
                rs.getString(11),
                nullableLong(rs, 12),
                version(rs.getString(13)),
                rs.getBoolean(14),
                rs.getLong(15),
                time(rs, 16),
                nullableTime(rs, 17),
                nullableTime(rs, 18),
                nullableDouble(rs, 19),
                rs.getString(20),
                rs.getString(21),
                rs.getString(22),
                rs.getString(23));
    }

    /**
     * Binds a timestamp as it is stored ({@code timestamptz}, or epoch ms on SQLite), truncated first as
     * {@link #stored} says, so that what was bound is exactly what reads back.
     */
    void bind(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (postgres) {
            ps.setObject(index, stored(value).atOffset(ZoneOffset.UTC));
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    /** A timestamp as it is stored: whole microseconds on PostgreSQL (which would round), milliseconds on SQLite. */
    Instant stored(Instant value) {
        return value.truncatedTo(postgres ? ChronoUnit.MICROS : ChronoUnit.MILLIS);
    }

    private Instant time(ResultSet rs, int column) throws SQLException {
        Instant value = nullableTime(rs, column);
        if (value == null) {
            throw new SQLException("column " + rs.getMetaData().getColumnName(column) + " is NULL");
        }
        return value;
    }

    private @Nullable Instant nullableTime(ResultSet rs, int column) throws SQLException {
        if (postgres) {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        }
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static @Nullable Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static @Nullable Version version(@Nullable String s) {
        return s == null ? null : Version.of(s);
    }
}
