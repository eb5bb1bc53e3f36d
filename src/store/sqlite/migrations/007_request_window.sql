-- The account window's hit is recorded by the request it admits: the request row carries
-- the window's key, and the window log is read back from these rows (windows.ts), through
-- requests_workspace (workspace_id, created_at), so no index is added. A hit then costs the
-- enqueue a few bytes of its row instead of a `window_hits` row and its index entry: one
-- statement and two pages fewer in every batch's WAL append. `window_hits` keeps the hits
-- that admit no new row (an Idempotency-Key replay, a conflict) and those of `hitWindow`.
ALTER TABLE requests ADD COLUMN window_key TEXT;
