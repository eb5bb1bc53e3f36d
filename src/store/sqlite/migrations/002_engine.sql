-- The engine: per-account lanes, the action log behind rolling quotas, request leases,
-- and reply/acceptance trackers. Times are epoch milliseconds.

-- Who holds a PROCESSING request and until when; whether its last attempt may have
-- reached LinkedIn (then `verify` runs before any new attempt); the last failure's code.
ALTER TABLE requests ADD COLUMN lease_owner TEXT;
ALTER TABLE requests ADD COLUMN lease_until INTEGER;
ALTER TABLE requests ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN last_error TEXT;

-- The queue-timeout sweep: without it the sweep reads every QUEUED row (170,000 in
-- bench/scale, ~100 ms of a blocked event loop every sweep). Otherwise 001's requests_lane
-- (account_id, status, run_at) serves the lane's head and next due time: every index on
-- requests is rewritten twice per action (claim, finish), so none is added for that
-- (two partial indexes for it cost ~18% of the claim-and-finish path, bench/engine).
CREATE INDEX requests_expiry ON requests(expires_at) WHERE status = 'QUEUED' AND expires_at IS NOT NULL;

-- One lane per LinkedIn account: at most one action runs at a time on it.
CREATE TABLE lanes (
  account_id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  -- When the lane next needs a look (work may be due); NULL = idle, no known work.
  due_at INTEGER,
  -- Earliest start of the next action: last finish + jittered gap, or a cooldown's end.
  next_at INTEGER NOT NULL DEFAULT 0,
  -- The running request and its lease; a lease past `lease_until` is reclaimed.
  busy_request_id TEXT,
  lease_owner TEXT,
  lease_until INTEGER,
  -- Account-wide pause (RESTRICTED, SESSION_EXPIRED, DISCONNECTED): only logins run.
  paused TEXT,
  -- STATUS_429: end of the current cooldown, and how many 429s came in a row.
  cooldown_until INTEGER,
  streak_429 INTEGER NOT NULL DEFAULT 0,
  -- {"invitation": <until>, …}: buckets paused after FUSE_LIMIT_EXCEEDED.
  bucket_pauses TEXT NOT NULL DEFAULT '{}',
  last_finished_at INTEGER
);
CREATE INDEX lanes_due ON lanes(due_at) WHERE due_at IS NOT NULL AND busy_request_id IS NULL;
CREATE INDEX lanes_lease ON lanes(lease_until) WHERE busy_request_id IS NOT NULL;

-- One row per action that really happened on LinkedIn, by quota bucket.
CREATE TABLE action_log (
  account_id TEXT NOT NULL,
  bucket TEXT NOT NULL,
  at INTEGER NOT NULL,
  request_id TEXT
);
CREATE INDEX action_log_window ON action_log(account_id, bucket, at);

-- Watches on LinkedIn state after a send: a reply in a thread, an invitation accepted.
CREATE TABLE trackers (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  request_id TEXT,
  -- 'reply' (fires message_received) or 'acceptance' (fires connection_accepted).
  kind TEXT NOT NULL,
  -- What the driver needs to check: thread_id, message_id, profile_id, invitation_id, sent_at.
  target TEXT NOT NULL DEFAULT '{}',
  frequency_ms INTEGER NOT NULL,
  next_check_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  lease_until INTEGER,
  fired_at INTEGER,
  checks INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX trackers_due ON trackers(next_check_at) WHERE active = 1;
CREATE INDEX trackers_account ON trackers(account_id, created_at);
