-- First loads in row-id order (sync engine § First load): a stream without a cursor (or a full run)
-- reads its backlog ordered by the row id, below an upper time fixed when the load began, then
-- continues by the (time, id) cursor. The position is committed with each page's rows, so a load
-- that is stopped or killed resumes where it was, under the same upper time.
ALTER TABLE sync_state
  ADD COLUMN snapshot_hi          text,
  ADD COLUMN snapshot_after_id    text,
  ADD COLUMN snapshot_max_time    text,
  ADD COLUMN snapshot_max_id      text,
  ADD COLUMN snapshot_started_at  timestamptz;
COMMENT ON COLUMN sync_state.snapshot_hi IS 'Upper change time (source text) of a first load in progress; NULL when none is';
COMMENT ON COLUMN sync_state.snapshot_after_id IS 'Last row id committed by the first load in progress';
COMMENT ON COLUMN sync_state.snapshot_max_time IS 'Newest (change time, row id) the first load has committed: the cursor starts there when it ends';
