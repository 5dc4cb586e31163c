-- Issue #12. A delivery's event row is claimed by the one request that processes it (the one whose
-- INSERT created the row, or one that takes over a claim older than the lease), so that concurrent
-- copies of a delivery queue its deployments once. NULL: nobody is processing it. Epoch milliseconds.
ALTER TABLE tb_webhook_event ADD COLUMN claimed_at INTEGER;

-- One row that /health rewrites (at most about once a second) to learn whether the database can still
-- store a write: a full disk, a read-only file or file system.
CREATE TABLE tb_store_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER
);
INSERT INTO tb_store_probe (id, checked_at) VALUES (1, NULL);
