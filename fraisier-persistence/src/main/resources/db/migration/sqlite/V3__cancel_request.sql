-- Issue #18. `fraisier cancel ID` records who asked a pending or running deployment to stop, why and
-- when; the process that runs it reads these columns at each lease renewal and ends the row cancelled.
-- NULL: nobody asked. Epoch milliseconds.
ALTER TABLE tb_deployment ADD COLUMN cancel_requested_by TEXT;
ALTER TABLE tb_deployment ADD COLUMN cancel_reason TEXT;
ALTER TABLE tb_deployment ADD COLUMN cancel_requested_at INTEGER;
