import { parsed, REQUEST_COLUMNS, type RequestRaw, toRequest } from "../rows.ts";
import type { ListRequestsOptions, RequestRow } from "../types.ts";
import type { Queryable } from "./db.ts";

/** `get_response` reads this on every poll: a named (prepared) query. */
export async function getRequest(db: Queryable, id: string): Promise<RequestRow | null> {
  const { rows } = await db.query<RequestRaw>({
    name: "welink_get_request",
    text: `SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1`,
    values: [id],
  });
  return rows[0] ? toRequest(rows[0], parsed) : null;
}

export async function countPending(db: Queryable, accountId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>({
    name: "welink_count_pending",
    text: "SELECT count(*) AS n FROM requests WHERE account_id = $1 AND status IN ('QUEUED', 'PROCESSING')",
    values: [accountId],
  });
  return rows[0]!.n;
}

export async function failPending(
  db: Queryable,
  accountId: string,
  code: string,
  message: string,
  now: number,
): Promise<number> {
  const result = await db.query(
    `UPDATE requests SET status = $1, message = $2, finished_at = $3
     WHERE account_id = $4 AND status = 'QUEUED'`,
    [code, message, now, accountId],
  );
  return result.rowCount ?? 0;
}

export async function listRequests(
  db: Queryable,
  workspaceId: string,
  options: ListRequestsOptions,
): Promise<RequestRow[]> {
  const values: unknown[] = [workspaceId];
  const where = ["workspace_id = $1"];
  if (options.accountId !== undefined) {
    values.push(options.accountId);
    where.push(`account_id = $${values.length}`);
  }
  if (options.status !== undefined) {
    values.push(options.status);
    where.push(`status = $${values.length}`);
  }
  if (options.before !== undefined) {
    // Row-value comparison: ties on created_at (a batch shares one `now`) page by id.
    values.push(options.before);
    where.push(`(created_at, id) < (SELECT created_at, id FROM requests WHERE id = $${values.length})`);
  }
  values.push(options.limit);
  const { rows } = await db.query<RequestRaw>(
    `SELECT ${REQUEST_COLUMNS} FROM requests WHERE ${where.join(" AND ")}
     ORDER BY created_at DESC, id DESC LIMIT $${values.length}`,
    values,
  );
  return rows.map((raw) => toRequest(raw, parsed));
}

export async function pruneIdempotency(db: Queryable, before: number): Promise<number> {
  const result = await db.query("DELETE FROM idempotency_keys WHERE created_at < $1", [before]);
  return result.rowCount ?? 0;
}
