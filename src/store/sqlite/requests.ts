import { parseText, REQUEST_COLUMNS, type RequestRaw, toRequest } from "../rows.ts";
import type { ListRequestsOptions, RequestRow } from "../types.ts";
import { activeRequests } from "./active-requests.ts";
import { type Db, prepared, transaction } from "./db.ts";

export function getRequest(db: Db, id: string): RequestRow | null {
  const raw = prepared(db, `SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = ?`).get(id) as RequestRaw | undefined;
  return raw ? toRequest(raw, parseText) : null;
}

/** QUEUED and PROCESSING requests of the account, from the engine's queue view. */
export function countPending(db: Db, accountId: string): number {
  return activeRequests(db).count(accountId);
}

export function failPending(db: Db, accountId: string, code: string, message: string, now: number): number {
  return transaction(db, "requests.failPending", (tx: Db, id: string, c: string, m: string, at: number) => {
    const queued = activeRequests(tx).queued(id);
    if (queued.length === 0) return 0;
    return prepared(
      tx,
      `UPDATE requests SET status = ?, message = ?, finished_at = ?
       WHERE rowid IN (SELECT value FROM json_each(?)) AND status = 'QUEUED'`,
    ).run(c, m, at, JSON.stringify(queued)).changes;
  })(accountId, code, message, now);
}

export function listRequests(db: Db, workspaceId: string, options: ListRequestsOptions): RequestRow[] {
  const where = ["workspace_id = ?"];
  const values: unknown[] = [workspaceId];
  if (options.accountId !== undefined) {
    where.push("account_id = ?");
    values.push(options.accountId);
  }
  if (options.status !== undefined) {
    where.push("status = ?");
    values.push(options.status);
  }
  if (options.before !== undefined) {
    // Row-value comparison: ties on created_at (a batch shares one `now`) page by id.
    where.push("(created_at, id) < (SELECT created_at, id FROM requests WHERE id = ?)");
    values.push(options.before);
  }
  values.push(options.limit);
  const rows = prepared(
    db,
    `SELECT ${REQUEST_COLUMNS} FROM requests WHERE ${where.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ?`,
  ).all(...values) as RequestRaw[];
  return rows.map((raw) => toRequest(raw, parseText));
}

export function pruneIdempotency(db: Db, before: number): number {
  return prepared(db, "DELETE FROM idempotency_keys WHERE created_at < ?").run(before).changes;
}
