import { newRequestRow, parseText, REQUEST_COLUMNS, type RequestRaw, toRequest } from "../rows.ts";
import type { EnqueueResult, NewRequest } from "../types.ts";
import { noteInserted } from "./active-requests.ts";
import { type Db, prepared, transaction } from "./db.ts";

const INSERT_REQUEST = `INSERT INTO requests (id, workspace_id, account_id, action, input, status, run_at, expires_at, created_at, window_key)
  VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?)`;
const FIND_KEY = "SELECT fingerprint, request_id FROM idempotency_keys WHERE workspace_id = ? AND key = ?";
/** REPLACE: a key whose request is gone (see 001) is taken over by the new request. */
const INSERT_KEY =
  "INSERT OR REPLACE INTO idempotency_keys (workspace_id, key, fingerprint, request_id, created_at) VALUES (?, ?, ?, ?, ?)";
const GET_REQUEST = `SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = ?`;

/**
 * The API's hot path: a whole batch in one transaction, so the gateway's group commit pays
 * one WAL append for up to a hundred requests. A key seen before in the workspace is
 * answered from the stored record (same fingerprint: the original row; other fingerprint:
 * conflict); a key repeated inside the batch behaves the same, because the batch's own
 * inserts are visible to its later lookups.
 */
export function enqueue(db: Db, requests: NewRequest[]): EnqueueResult[] {
  if (requests.length === 0) return [];
  return transaction(db, "enqueue", enqueueBatch)(requests);
}

/** The same inside a transaction the caller holds (the gateway's batch commit). */
export function enqueueInTransaction(db: Db, requests: NewRequest[]): EnqueueResult[] {
  return requests.length === 0 ? [] : enqueueBatch(db, requests);
}

function enqueueBatch(db: Db, requests: NewRequest[]): EnqueueResult[] {
  const insertRequest = prepared(db, INSERT_REQUEST);
  const results: EnqueueResult[] = new Array(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i]!;
    const idem = request.idempotency;
    if (idem) {
      const seen = prepared(db, FIND_KEY).get(request.workspaceId, idem.key) as
        | { fingerprint: string; request_id: string }
        | undefined;
      const answer = seen && replayOrConflict(db, seen, idem.fingerprint);
      if (answer) {
        results[i] = answer;
        continue;
      }
    }
    const { lastInsertRowid } = insertRequest.run(
      request.id,
      request.workspaceId,
      request.accountId,
      request.action,
      JSON.stringify(request.input),
      request.runAt,
      request.expiresAt,
      request.now,
      request.windowKey ?? null,
    );
    // The engine's queue view (active-requests.ts) learns of inserts from here alone.
    if (request.accountId) noteInserted(db, Number(lastInsertRowid), request.accountId, request.runAt, request.action);
    if (idem) prepared(db, INSERT_KEY).run(request.workspaceId, idem.key, idem.fingerprint, request.id, request.now);
    results[i] = { kind: "created", request: newRequestRow(request) };
  }
  return results;
}

/** The answer for a key seen before, or null when its request no longer exists (the key is free). */
function replayOrConflict(
  db: Db,
  seen: { fingerprint: string; request_id: string },
  fingerprint: string,
): EnqueueResult | null {
  const raw = prepared(db, GET_REQUEST).get(seen.request_id) as RequestRaw | undefined;
  if (!raw) return null;
  if (seen.fingerprint !== fingerprint) return { kind: "conflict" };
  return { kind: "replayed", request: toRequest(raw, parseText) };
}
