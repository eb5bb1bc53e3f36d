-- Webhooks: one endpoint per workspace, the delivery outbox, and the attempt log.
-- SQLite can only autoincrement an INTEGER PRIMARY KEY, so `seq` is the rowid key and the
-- delivery id (the `webhook-id` header) is a unique text column.
CREATE TABLE webhook_endpoints (
  workspace_id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret_enc TEXT NOT NULL,
  signing TEXT NOT NULL DEFAULT 'jwt' CHECK (signing IN ('jwt', 'hmac-hex')),
  events TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  account_id TEXT,
  request_id TEXT,
  event_type TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  -- The head of its account's queue (no earlier pending delivery of the account): only
  -- ready rows are claimed, so blocked rows cost nothing to the claim however many wait.
  ready INTEGER NOT NULL DEFAULT 1,
  -- Lease of the dispatcher that is sending it; a crashed sender's lease simply expires.
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  last_status INTEGER,
  last_error TEXT
);

-- Partial indexes keep the claim fast however many delivered rows accumulate.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, seq) WHERE status = 'pending' AND ready = 1;
CREATE INDEX webhook_deliveries_account_pending ON webhook_deliveries (account_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_workspace ON webhook_deliveries (workspace_id, seq);
CREATE INDEX webhook_deliveries_request ON webhook_deliveries (request_id) WHERE request_id IS NOT NULL;

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
