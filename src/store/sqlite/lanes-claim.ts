import {
  ACCOUNT_ALIASED,
  type Claimed,
  type ClaimOptions,
  LANE_COLUMNS,
  type LaneRaw,
  toLane,
} from "../engine-types.ts";
import { parseText, toAccount, toRequest } from "../rows.ts";
import { type Db, prepared, type Stmt } from "./db.ts";
import { immediate } from "./lanes-tx.ts";

const REQUEST_R =
  "r.id, r.workspace_id, r.account_id, r.action, r.input, r.status, r.result, r.message, r.attempts, r.run_at, r.expires_at, r.created_at, r.started_at, r.finished_at, r.outcome_unknown";

// The first due request in arrival order (rowid): a retried or postponed request keeps its place.
// The rowid is found on requests_lane alone (a covering scan of the account's due entries),
// then one row is read: ORDER BY rowid over the joined rows read and sorted every queued
// row of the account (20 us a claim at 40 queued, growing with the queue).
const HEAD = `SELECT ${REQUEST_R}, ${ACCOUNT_ALIASED}
  FROM requests r JOIN accounts a ON a.id = r.account_id
  WHERE r.rowid = (SELECT min(q.rowid) FROM requests q WHERE q.account_id = ? AND q.status = 'QUEUED' AND q.run_at <= ?)`;
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
  const heads = headStatements(db);
  for (const raw of lanes) {
    const paused = raw.paused !== null;
    const head = (
      paused ? heads.paused.get(raw.account_id, now, sessionActions) : heads.due.get(raw.account_id, now)
    ) as HeadRow | undefined;
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
    const runAt = head[9];
    const eligibleAt = Math.max(runAt, raw.next_at);
    if (eligibleAt > now) {
      setDue.run(eligibleAt, raw.account_id);
      continue;
    }
    const id = head[0];
    takeLane.run(id, workerId, leaseUntil, raw.account_id);
    takeRequest.run(now, workerId, leaseUntil, id);
    const request = toRequest(
      {
        id,
        workspace_id: head[1],
        account_id: head[2],
        action: head[3],
        input: head[4],
        status: "PROCESSING",
        result: head[6],
        message: head[7],
        attempts: head[8] + 1,
        run_at: runAt,
        expires_at: head[10],
        created_at: head[11],
        started_at: now,
        finished_at: head[13],
      },
      parseText,
    );
    raw.busy_request_id = id;
    raw.lease_owner = workerId;
    raw.lease_until = leaseUntil;
    const lane = toLane(raw, parseText);
    const account = toAccount(
      {
        id: head[15],
        workspace_id: head[16],
        email: head[17],
        status: head[18],
        status_reason: head[19],
        profile: head[20],
        proxy: head[21],
        limits: head[22],
        created_at: head[23],
        updated_at: head[24],
        disconnected_at: head[25],
      },
      parseText,
    );
    claimed.push({ request, outcomeUnknown: head[14] === 1, lane, account, eligibleAt, leaseUntil });
  }
  return claimed;
}

/**
 * A head row as an array, in the SELECT's column order (REQUEST_R, then ACCOUNT_ALIASED):
 * better-sqlite3 builds a 26-key object per row otherwise, a measurable part of a claim.
 */
type HeadRow = [
  id: string,
  workspace_id: string,
  account_id: string | null,
  action: string,
  input: string,
  status: string,
  result: string | null,
  message: string | null,
  attempts: number,
  run_at: number,
  expires_at: number | null,
  created_at: number,
  started_at: number | null,
  finished_at: number | null,
  outcome_unknown: number,
  a_id: string,
  a_workspace_id: string,
  a_email: string | null,
  a_status: string,
  a_status_reason: string | null,
  a_profile: string,
  a_proxy: string | null,
  a_limits: string,
  a_created_at: number,
  a_updated_at: number,
  a_disconnected_at: number | null,
];

const headCache = new WeakMap<Db, { due: Stmt; paused: Stmt }>();

function headStatements(db: Db): { due: Stmt; paused: Stmt } {
  let found = headCache.get(db);
  if (!found) {
    found = { due: db.prepare(HEAD).raw(true), paused: db.prepare(HEAD_PAUSED).raw(true) };
    headCache.set(db, found);
  }
  return found;
}
