import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { NewDelivery } from "../webhook-types.ts";

/**
 * Outbox insert, run inside the caller's open transaction (the engine's completion commits
 * a request's terminal state and its webhook row together). A workspace without a webhook
 * endpoint, or whose `events` filter excludes this event type, gets no row: nothing would
 * ever be sent, and the outbox stays small. Returns the delivery id, or null when skipped.
 */
export function insertDelivery(
  db: Database.Database,
  row: NewDelivery,
  options: { ignoreFilter?: boolean } = {},
): string | null {
  const id = row.id ?? randomUUID();
  const statement = statements(db)[options.ignoreFilter ? "unfiltered" : "filtered"];
  const info = statement.run({
    id,
    workspace_id: row.workspaceId,
    account_id: row.accountId,
    request_id: row.requestId,
    event_type: row.eventType,
    payload: JSON.stringify(row.payload),
    now: row.now,
  });
  if (info.changes === 0) return null;
  // Runs after the caller's synchronous better-sqlite3 transaction has committed.
  if (listeners.size > 0) setImmediate(notifyListeners);
  return id;
}

const listeners = new Set<() => void>();

/** In-process wake-up of the dispatcher when a delivery is written; returns the unsubscribe. */
export function onDeliveryInserted(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notifyListeners(): void {
  for (const listener of listeners) listener();
}

/** `ready`: the row is its account's head when the account has no other pending delivery. */
const INSERT = `INSERT INTO webhook_deliveries
  (id, workspace_id, account_id, request_id, event_type, payload, status, attempts, next_attempt_at, created_at, ready)
  SELECT @id, @workspace_id, @account_id, @request_id, @event_type, @payload, 'pending', 0, @now, @now,
    NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.account_id = @account_id AND p.status = 'pending')
  FROM webhook_endpoints e WHERE e.workspace_id = @workspace_id`;

const FILTER = ` AND (e.events = '[]' OR EXISTS (SELECT 1 FROM json_each(e.events) WHERE value = @event_type))`;

type Statements = { filtered: Database.Statement; unfiltered: Database.Statement };
const cache = new WeakMap<Database.Database, Statements>();

function statements(db: Database.Database): Statements {
  let found = cache.get(db);
  if (!found) {
    found = { filtered: db.prepare(INSERT + FILTER), unfiltered: db.prepare(INSERT) };
    cache.set(db, found);
  }
  return found;
}
