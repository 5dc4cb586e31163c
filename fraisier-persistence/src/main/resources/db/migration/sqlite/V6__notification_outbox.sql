-- Issue #17. The notification outbox: one row per (deployment end, channel), written in the transaction of
-- the terminal status, sent later by whichever process runs a delivery loop. body is the rendered message
-- (never a secret); channel is the channel's name in fraises.yaml, whose URL, token or password are read
-- from the config at send time. A claim (claimed_by, claimed_until) is a lease taken inside the
-- single-writer BEGIN IMMEDIATE transaction. Epoch milliseconds.
CREATE TABLE tb_notification (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id     TEXT NOT NULL UNIQUE,
    deployment_id   INTEGER NOT NULL REFERENCES tb_deployment (id) ON DELETE CASCADE,
    channel         TEXT NOT NULL,
    channel_type    TEXT NOT NULL,
    event           TEXT NOT NULL,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_by      TEXT,
    claimed_until   INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER
);
CREATE INDEX ix_notification_due ON tb_notification (next_attempt_at) WHERE state = 'pending';
CREATE INDEX ix_notification_deployment ON tb_notification (deployment_id);
