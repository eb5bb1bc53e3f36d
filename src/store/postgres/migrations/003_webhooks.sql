-- Webhooks: one endpoint per workspace, the delivery outbox, and the attempt log.
CREATE TABLE webhook_endpoints (
  workspace_id text PRIMARY KEY,
  url text NOT NULL,
  secret_enc text NOT NULL,
  signing text NOT NULL DEFAULT 'jwt' CHECK (signing IN ('jwt', 'hmac-hex')),
  events jsonb NOT NULL DEFAULT '[]',
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
);

CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  workspace_id text NOT NULL,
  account_id text,
  request_id text,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  -- The head of its account's queue (no earlier pending delivery of the account): only
  -- ready rows are claimed, so blocked rows cost nothing to the claim however many wait.
  ready boolean NOT NULL DEFAULT true,
  -- Lease of the dispatcher that is sending it; a crashed worker's lease simply expires.
  locked_until bigint,
  created_at bigint NOT NULL,
  delivered_at bigint,
  last_status integer,
  last_error text
);

-- Partial indexes keep the claim fast however many delivered rows accumulate.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, seq) WHERE status = 'pending' AND ready = true;
CREATE INDEX webhook_deliveries_account_pending ON webhook_deliveries (account_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_workspace ON webhook_deliveries (workspace_id, seq);
CREATE INDEX webhook_deliveries_request ON webhook_deliveries (request_id) WHERE request_id IS NOT NULL;

CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL,
  attempt integer NOT NULL,
  at bigint NOT NULL,
  status_code integer,
  error text,
  duration_ms integer NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
