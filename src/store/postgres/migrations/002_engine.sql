-- The engine: per-account lanes, the action log behind rolling quotas, request leases,
-- and reply/acceptance trackers. Times are epoch milliseconds.

-- Who holds a PROCESSING request and until when; whether its last attempt may have
-- reached LinkedIn (then `verify` runs before any new attempt); the last failure's code.
ALTER TABLE requests ADD COLUMN lease_owner text;
ALTER TABLE requests ADD COLUMN lease_until bigint;
ALTER TABLE requests ADD COLUMN outcome_unknown integer NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN last_error text;

-- Arrival order within an account (requests of one enqueue batch share created_at).
ALTER TABLE requests ADD COLUMN seq bigserial;
-- A lane's next request: the first due QUEUED request of the account in arrival order, so
-- a retried request keeps its place. The lane's next due time (min run_at) is served by
-- 001's requests_lane (account_id, status, run_at).
CREATE INDEX requests_queued ON requests(account_id, seq) WHERE status = 'QUEUED';
-- The queue-timeout sweep.
CREATE INDEX requests_expiry ON requests(expires_at) WHERE status = 'QUEUED' AND expires_at IS NOT NULL;

-- One lane per LinkedIn account: at most one action runs at a time on it.
CREATE TABLE lanes (
  account_id text PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  -- When the lane next needs a look (work may be due); NULL = idle, no known work.
  due_at bigint,
  -- Earliest start of the next action: last finish + jittered gap, or a cooldown's end.
  next_at bigint NOT NULL DEFAULT 0,
  -- The running request and its lease; a lease past `lease_until` is reclaimed.
  busy_request_id text,
  lease_owner text,
  lease_until bigint,
  -- Account-wide pause (RESTRICTED, SESSION_EXPIRED, DISCONNECTED): only logins run.
  paused text,
  -- STATUS_429: end of the current cooldown, and how many 429s came in a row.
  cooldown_until bigint,
  streak_429 integer NOT NULL DEFAULT 0,
  -- {"invitation": <until>, …}: buckets paused after FUSE_LIMIT_EXCEEDED.
  bucket_pauses jsonb NOT NULL DEFAULT '{}',
  last_finished_at bigint
);
-- Lanes are updated on every claim and finish: room on the page keeps those updates HOT.
ALTER TABLE lanes SET (fillfactor = 70);
CREATE INDEX lanes_due ON lanes(due_at) WHERE due_at IS NOT NULL AND busy_request_id IS NULL;
CREATE INDEX lanes_lease ON lanes(lease_until) WHERE busy_request_id IS NOT NULL;

-- One row per action that really happened on LinkedIn, by quota bucket.
CREATE TABLE action_log (
  account_id text NOT NULL,
  bucket text NOT NULL,
  at bigint NOT NULL,
  request_id text
);
CREATE INDEX action_log_window ON action_log(account_id, bucket, at);

-- Watches on LinkedIn state after a send: a reply in a thread, an invitation accepted.
CREATE TABLE trackers (
  id text PRIMARY KEY,
  workspace_id text NOT NULL,
  account_id text NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  request_id text,
  -- 'reply' (fires message_received) or 'acceptance' (fires connection_accepted).
  kind text NOT NULL,
  -- What the driver needs to check: thread_id, message_id, profile_id, invitation_id, sent_at.
  target jsonb NOT NULL DEFAULT '{}',
  frequency_ms bigint NOT NULL,
  next_check_at bigint NOT NULL,
  active integer NOT NULL DEFAULT 1,
  lease_until bigint,
  fired_at bigint,
  checks integer NOT NULL DEFAULT 0,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);
CREATE INDEX trackers_due ON trackers(next_check_at) WHERE active = 1;
CREATE INDEX trackers_account ON trackers(account_id, created_at);
