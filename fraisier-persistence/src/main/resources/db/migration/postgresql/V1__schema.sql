-- Fraisier schema, PostgreSQL dialect. Timestamps are UTC timestamptz.
-- The operator guide's SQL (SELECT ... FROM tb_deployment, v_fraise_status, tb_deployment_lock,
-- the 90-day DELETE, VACUUM ANALYZE) must keep working verbatim against this schema.

CREATE TABLE tb_webhook_event (
    id            BIGSERIAL PRIMARY KEY,
    received_at   TIMESTAMPTZ NOT NULL,
    git_host      TEXT NOT NULL,
    event_type    TEXT NOT NULL,
    delivery_id   TEXT,
    ref           TEXT,
    ref_type      TEXT,
    commit_sha    TEXT,
    sender        TEXT,
    repository    TEXT,
    payload       TEXT NOT NULL,
    processed     BOOLEAN NOT NULL DEFAULT FALSE,
    outcome       TEXT,
    CONSTRAINT uq_webhook_event_delivery UNIQUE (git_host, delivery_id)
);
CREATE INDEX ix_webhook_event_unprocessed ON tb_webhook_event (received_at) WHERE NOT processed;
CREATE INDEX ix_webhook_event_received ON tb_webhook_event (received_at DESC, id DESC);

CREATE TABLE tb_deployment (
    id                BIGSERIAL PRIMARY KEY,
    fraise            TEXT NOT NULL,
    environment       TEXT NOT NULL,
    provider          TEXT NOT NULL,
    status            TEXT NOT NULL,
    "trigger"         TEXT NOT NULL,
    triggered_by      TEXT,
    old_version       TEXT,
    new_version       TEXT,
    requested_version TEXT,
    git_branch        TEXT,
    git_commit        TEXT,
    webhook_event_id  BIGINT REFERENCES tb_webhook_event (id) ON DELETE SET NULL,
    force             BOOLEAN NOT NULL DEFAULT FALSE,
    fencing_token     BIGINT NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL,
    started_at        TIMESTAMPTZ,
    completed_at      TIMESTAMPTZ,
    duration_seconds  DOUBLE PRECISION,
    error_type        TEXT,
    error_message     TEXT,
    resolved_by       TEXT,
    resolution_reason TEXT,
    claimed_by        TEXT,
    claimed_at        TIMESTAMPTZ,
    CONSTRAINT ck_deployment_status CHECK (status IN ('pending', 'in_progress', 'success', 'failed',
        'rolled_back', 'rollback_failed', 'skipped', 'superseded', 'interrupted', 'cancelled'))
);
-- history: newest first, optionally by target or status
CREATE INDEX ix_deployment_created ON tb_deployment (created_at DESC, id DESC);
CREATE INDEX ix_deployment_fraise_created ON tb_deployment (fraise, created_at DESC, id DESC);
CREATE INDEX ix_deployment_target_created ON tb_deployment (fraise, environment, created_at DESC, id DESC);
CREATE INDEX ix_deployment_status_created ON tb_deployment (status, created_at DESC, id DESC);
-- stats over a window (covering: no table access), and the archive DELETE
CREATE INDEX ix_deployment_completed ON tb_deployment (completed_at, fraise, status, duration_seconds);
-- the guide's "ORDER BY started_at DESC LIMIT 10"
CREATE INDEX ix_deployment_started ON tb_deployment (started_at DESC);
-- the queue and crash recovery look only at unfinished rows
CREATE INDEX ix_deployment_pending ON tb_deployment (id) WHERE status = 'pending';
CREATE INDEX ix_deployment_active ON tb_deployment (fraise, environment) WHERE status IN ('pending', 'in_progress');
CREATE INDEX ix_deployment_webhook ON tb_deployment (webhook_event_id) WHERE webhook_event_id IS NOT NULL;

CREATE TABLE tb_webhook_event_deployment (
    webhook_event_id BIGINT NOT NULL REFERENCES tb_webhook_event (id) ON DELETE CASCADE,
    deployment_id    BIGINT NOT NULL REFERENCES tb_deployment (id) ON DELETE CASCADE,
    PRIMARY KEY (webhook_event_id, deployment_id)
);
CREATE INDEX ix_webhook_event_deployment_deployment ON tb_webhook_event_deployment (deployment_id);

CREATE TABLE tb_deployment_event (
    id            BIGSERIAL PRIMARY KEY,
    deployment_id BIGINT NOT NULL REFERENCES tb_deployment (id) ON DELETE CASCADE,
    at            TIMESTAMPTZ NOT NULL,
    step          TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
    message       TEXT NOT NULL
);
CREATE INDEX ix_deployment_event_deployment ON tb_deployment_event (deployment_id, id);

CREATE TABLE tb_fraise_state (
    fraise             TEXT NOT NULL,
    environment        TEXT NOT NULL,
    provider           TEXT NOT NULL,
    current_version    TEXT,
    last_status        TEXT NOT NULL,
    -- no foreign key: the state outlives the archiving of the deployment it names
    last_deployment_id BIGINT NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (fraise, environment)
);

CREATE TABLE tb_deployment_lock (
    fraise        TEXT NOT NULL,
    environment   TEXT NOT NULL,
    holder        TEXT NOT NULL,
    deployment_id BIGINT NOT NULL,
    acquired_at   TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    fencing_token BIGINT NOT NULL,
    PRIMARY KEY (fraise, environment)
);

-- the last fencing token handed out per target; kept after release so tokens only grow
CREATE TABLE tb_deployment_fence (
    fraise        TEXT NOT NULL,
    environment   TEXT NOT NULL,
    last_token    BIGINT NOT NULL,
    PRIMARY KEY (fraise, environment)
);

-- durable metric counters: written with each deployment's end, never touched by archiving
CREATE TABLE tb_metric_deployment (
    fraise      TEXT NOT NULL,
    environment TEXT NOT NULL,
    provider    TEXT NOT NULL,
    status      TEXT NOT NULL,
    count       BIGINT NOT NULL,
    PRIMARY KEY (fraise, environment, provider, status)
);

CREATE TABLE tb_metric_error (
    provider   TEXT NOT NULL,
    error_type TEXT NOT NULL,
    count      BIGINT NOT NULL,
    PRIMARY KEY (provider, error_type)
);

CREATE TABLE tb_metric_duration (
    fraise      TEXT NOT NULL,
    environment TEXT NOT NULL,
    provider    TEXT NOT NULL,
    count       BIGINT NOT NULL,
    sum_seconds DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (fraise, environment, provider)
);

-- cumulative histogram buckets: count of observations <= le
CREATE TABLE tb_metric_duration_bucket (
    fraise      TEXT NOT NULL,
    environment TEXT NOT NULL,
    provider    TEXT NOT NULL,
    le          DOUBLE PRECISION NOT NULL,
    count       BIGINT NOT NULL,
    PRIMARY KEY (fraise, environment, provider, le)
);

CREATE VIEW v_fraise_status AS
SELECT s.fraise,
       s.environment,
       s.provider,
       s.current_version,
       s.last_status,
       s.last_deployment_id,
       d.started_at   AS last_started_at,
       d.completed_at AS last_completed_at,
       s.updated_at,
       l.holder       AS locked_by
FROM tb_fraise_state s
LEFT JOIN tb_deployment d ON d.id = s.last_deployment_id
LEFT JOIN tb_deployment_lock l ON l.fraise = s.fraise AND l.environment = s.environment;

CREATE VIEW v_deployment_history AS
SELECT id, fraise, environment, provider, status, "trigger", triggered_by, old_version, new_version,
       created_at, started_at, completed_at, duration_seconds, error_type, error_message,
       resolved_by, resolution_reason
FROM tb_deployment;
