-- Outbox delivery bookkeeping (bff/sync/outbox). The deliverer leases a row by pushing next_attempt_at
-- forward and counting the attempt in one statement, writes it to the front processor's outbound
-- table (applied once by dedup_key there), then sets delivered_at. A row that keeps failing is
-- dead-lettered: kept, with its last error, for an operator to look at and re-queue — never deleted.

ALTER TABLE outbox ADD COLUMN last_attempt_at timestamptz;
ALTER TABLE outbox ADD COLUMN dead_lettered_at timestamptz;
ALTER TABLE outbox ADD COLUMN status text GENERATED ALWAYS AS (
  CASE
    WHEN delivered_at IS NOT NULL THEN 'delivered'
    WHEN dead_lettered_at IS NOT NULL THEN 'dead_letter'
    WHEN attempts = 0 THEN 'pending'
    ELSE 'retrying'
  END
) STORED;
COMMENT ON COLUMN outbox.status IS '投递状态: pending 待发送 / retrying 重试中 / delivered 已送达 / dead_letter 多次失败，待人工处理';
COMMENT ON COLUMN outbox.dead_lettered_at IS 'set after the last allowed attempt failed (or the payload can never be written); cleared by an operator re-queue';
COMMENT ON COLUMN outbox.last_error IS 'plain Chinese reason of the last failure with the driver error code; never row values or personal data';

DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND dead_lettered_at IS NULL;
CREATE INDEX outbox_dead_letter_idx ON outbox (dead_lettered_at) WHERE dead_lettered_at IS NOT NULL AND delivered_at IS NULL;
CREATE INDEX outbox_kind_idx ON outbox (kind, created_at);
