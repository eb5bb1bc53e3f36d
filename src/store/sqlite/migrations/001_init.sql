-- welink store, SQLite dialect. Times are epoch milliseconds (INTEGER); JSON columns are
-- TEXT holding JSON; `secrets` holds secret-box ciphertext (v1:iv:tag:ct), never clear text.

CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  scopes TEXT NOT NULL DEFAULT '[]',
  allow_ips TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_keys_workspace ON api_keys(workspace_id);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email TEXT,
  status TEXT NOT NULL,
  status_reason TEXT,
  profile TEXT NOT NULL DEFAULT '{}',
  proxy TEXT,
  limits TEXT NOT NULL DEFAULT '{}',
  secrets TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  disconnected_at INTEGER
);
CREATE INDEX accounts_workspace ON accounts(workspace_id, created_at);

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  account_id TEXT REFERENCES accounts(id) ON DELETE CASCADE,
  action TEXT NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL,
  result TEXT,
  message TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  expires_at INTEGER,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
);
-- The engine's lane scan: an account's next runnable request.
CREATE INDEX requests_lane ON requests(account_id, status, run_at);
CREATE INDEX requests_status ON requests(status);
-- listRequests: a workspace's requests, newest first.
CREATE INDEX requests_workspace ON requests(workspace_id, created_at);

-- No foreign key to requests: a cascade would need an index on request_id, one more
-- randomly-keyed B-tree on the enqueue path (measured: keyed enqueue ~35% faster without).
-- A key whose request no longer exists is treated as free by enqueue.
CREATE TABLE idempotency_keys (
  workspace_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  request_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- Sliding-log rate windows: one row per accepted hit.
CREATE TABLE window_hits (
  key TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX window_hits_key_at ON window_hits(key, at);
