import {
  ACCOUNT_ALIASED,
  type Claimed,
  type ClaimOptions,
  LANE_COLUMNS,
  type LaneRaw,
  toLane,
  unaliasAccount,
} from "../engine-types.ts";
import { type AccountRaw, parseText, type RequestRaw, toAccount, toRequest } from "../rows.ts";
import { type Db, prepared } from "./db.ts";
import { immediate } from "./lanes-tx.ts";

const REQUEST_R =
  "r.id, r.workspace_id, r.account_id, r.action, r.input, r.status, r.result, r.message, r.attempts, r.run_at, r.expires_at, r.created_at, r.started_at, r.finished_at, r.outcome_unknown";

// The first due request in arrival order (rowid): a retried or postponed request keeps its place.
const HEAD = `SELECT ${REQUEST_R}, ${ACCOUNT_ALIASED}
  FROM requests r JOIN accounts a ON a.id = r.account_id
  WHERE r.account_id = ? AND r.status = 'QUEUED' AND r.run_at <= ?
  ORDER BY r.rowid LIMIT 1`;
// A paused lane runs only session actions (logins).
const HEAD_PAUSED = `SELECT ${REQUEST_R}, ${ACCOUNT_ALIASED}
  FROM requests r JOIN accounts a ON a.id = r.account_id
  WHERE r.account_id = ? AND r.status = 'QUEUED' AND r.run_at <= ? AND r.action IN (SELECT value FROM json_each(?))
  ORDER BY r.rowid LIMIT 1`;

// None due: when the next one will be.
const NEXT_RUN = "SELECT min(run_at) AS t FROM requests WHERE account_id = ? AND status = 'QUEUED'";
const NEXT_RUN_PAUSED = `SELECT min(run_at) AS t FROM requests
  WHERE account_id = ? AND status = 'QUEUED' AND action IN (SELECT value FROM json_each(?))`;

/**
 * Claims due lanes, each with its oldest due request. SQLite serialises writers, so the
 * IMMEDIATE transaction alone keeps two processes on one file from claiming the same lane.
 * A lane whose head is not due yet gets `due_at` moved to when it is; a lane without work
 * goes idle (`due_at` NULL) until an enqueue touches it.
 */
export function claimLanes(db: Db, options: ClaimOptions): Claimed[] {
  return immediate(db, "lanes.claim", claimTx)(options);
}

export function claimTx(db: Db, options: ClaimOptions): Claimed[] {
  const { now, workerId, limit, leaseMs } = options;
  const lanes = prepared(
    db,
    `SELECT ${LANE_COLUMNS} FROM lanes WHERE due_at <= ? AND busy_request_id IS NULL ORDER BY due_at LIMIT ?`,
  ).all(now, limit) as LaneRaw[];
  const sessionActions = JSON.stringify(options.sessionActions);
  const setDue = prepared(db, "UPDATE lanes SET due_at = ? WHERE account_id = ?");
  const takeLane = prepared(
    db,
    "UPDATE lanes SET busy_request_id = ?, lease_owner = ?, lease_until = ?, due_at = NULL WHERE account_id = ?",
  );
  const takeRequest = prepared(
    db,
    `UPDATE requests SET status = 'PROCESSING', started_at = ?, attempts = attempts + 1, lease_owner = ?, lease_until = ?
     WHERE id = ?`,
  );
  const leaseUntil = now + leaseMs;
  const claimed: Claimed[] = [];
  for (const raw of lanes) {
    const paused = raw.paused !== null;
    const head = (
      paused
        ? prepared(db, HEAD_PAUSED).get(raw.account_id, now, sessionActions)
        : prepared(db, HEAD).get(raw.account_id, now)
    ) as (RequestRaw & { outcome_unknown: number } & Record<string, unknown>) | undefined;
    if (!head) {
      const next = (
        paused
          ? prepared(db, NEXT_RUN_PAUSED).get(raw.account_id, sessionActions)
          : prepared(db, NEXT_RUN).get(raw.account_id)
      ) as { t: number | null };
      const nextT = next.t;
      setDue.run(nextT === null ? null : Math.max(nextT, raw.next_at), raw.account_id);
      continue;
    }
    const eligibleAt = Math.max(head.run_at, raw.next_at);
    if (eligibleAt > now) {
      setDue.run(eligibleAt, raw.account_id);
      continue;
    }
    takeLane.run(head.id, workerId, leaseUntil, raw.account_id);
    takeRequest.run(now, workerId, leaseUntil, head.id);
    const request = toRequest(
      { ...head, status: "PROCESSING", started_at: now, attempts: head.attempts + 1 },
      parseText,
    );
    const lane = toLane(
      { ...raw, busy_request_id: head.id, lease_owner: workerId, lease_until: leaseUntil },
      parseText,
    );
    const account = toAccount(unaliasAccount(head) as unknown as AccountRaw, parseText);
    claimed.push({ request, outcomeUnknown: head.outcome_unknown === 1, lane, account, eligibleAt, leaseUntil });
  }
  return claimed;
}
