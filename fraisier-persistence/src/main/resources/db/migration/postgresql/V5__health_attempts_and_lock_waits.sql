-- Health-check attempts and lock waits, durable like the deployment counters (#13 item 3): recorded
-- by whichever process runs a deployment, exported by `fraisier metrics` and the daemon's /metrics.
-- Never archived.

CREATE TABLE tb_metric_health_attempt (
    provider TEXT NOT NULL,
    result   TEXT NOT NULL, -- healthy | unhealthy
    count    BIGINT NOT NULL,
    PRIMARY KEY (provider, result)
);

CREATE TABLE tb_metric_lock_wait (
    provider    TEXT NOT NULL PRIMARY KEY,
    count       BIGINT NOT NULL,
    sum_seconds DOUBLE PRECISION NOT NULL
);

-- cumulative histogram buckets: count of waits <= le
CREATE TABLE tb_metric_lock_wait_bucket (
    provider TEXT NOT NULL,
    le       DOUBLE PRECISION NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (provider, le)
);
