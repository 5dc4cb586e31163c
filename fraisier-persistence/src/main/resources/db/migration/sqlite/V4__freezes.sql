-- Issue #18. Manual freezes of targets (`fraisier freeze`): at most one per target. until_at NULL: a
-- pause, lifted only by `fraisier unfreeze`. Declared freeze_windows of fraises.yaml are not stored.
-- Epoch milliseconds. (V3 belongs to the cancel work of the same issue; Flyway accepts the gap.)
CREATE TABLE tb_freeze (
    fraise      TEXT NOT NULL,
    environment TEXT NOT NULL,
    set_by      TEXT NOT NULL,
    reason      TEXT NOT NULL,
    from_at     INTEGER NOT NULL,
    until_at    INTEGER,
    PRIMARY KEY (fraise, environment),
    CONSTRAINT ck_freeze_ends_after_start CHECK (until_at IS NULL OR until_at > from_at)
);
