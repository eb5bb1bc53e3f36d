import {
  ACCOUNT_ALIASED,
  type Claimed,
  type ClaimOptions,
  LANE_COLUMNS,
  type LaneRaw,
  toLane,
} from "../engine-types.ts";
import { parseText, toAccount, toRequest } from "../rows.ts";
import { activeRequests, markActiveStale } from "./active-requests.ts";
import { type Db, prepared, type Stmt, transaction } from "./db.ts";

const REQUEST_R =
  "r.id, r.workspace_id, r.account_id, r.action, r.input, r.status, r.result, r.message, r.attempts, r.run_at, r.expires_at, r.created_at, r.started_at, r.finished_at, r.outcome_unknown";

// The head row and its account, read back by rowid: the account's first due request in
// arrival order comes from the in-memory queue view (active-requests.ts), and the status
// and account checks catch a view that went wrong.
const HEAD = `SELECT ${REQUEST_R}, ${ACCOUNT_ALIASED}
  FROM requests r JOIN accounts a ON a.id = r.account_id
  WHERE r.rowid = ? AND r.status = 'QUEUED' AND r.account_id = ?`;

/**
 * Claims due lanes, each with its oldest due request. SQLite serialises writers, so the
 * IMMEDIATE transaction alone keeps two processes on one file from claiming the same lane.
 * A lane whose head is not due yet gets `due_at` moved to when it is; a lane without work
 * goes idle (`due_at` NULL) until an enqueue touches it.
 */
export function claimLanes(db: Db, options: ClaimOptions): Claimed[] {
  return transaction(db, "lanes.claim", claimTx)(options);
}

export function claimTx(db: Db, options: ClaimOptions): Claimed[] {
  const { now, workerId, limit, leaseMs } = options;
  const lanes = prepared(
    db,
    `SELECT ${LANE_COLUMNS} FROM lanes WHERE due_at <= ? AND busy_request_id IS NULL ORDER BY due_at LIMIT ?`,
  ).all(now, limit) as LaneRaw[];
  const sessionActions = new Set(options.sessionActions);
  const setDue = prepared(db, "UPDATE lanes SET due_at = ? WHERE account_id = ?");
  const takeLane = prepared(
    db,
    "UPDATE lanes SET busy_request_id = ?, lease_owner = ?, lease_until = ?, due_at = NULL WHERE account_id = ?",
  );
  const takeRequest = prepared(
    db,
    `UPDATE requests SET status = 'PROCESSING', started_at = ?, attempts = attempts + 1, lease_owner = ?, lease_until = ?
     WHERE rowid = ?`,
  );
  const leaseUntil = now + leaseMs;
  const claimed: Claimed[] = [];
  const headRow = headStatement(db);
  let active = activeRequests(db);
  for (const raw of lanes) {
    // A paused lane runs only session actions (logins).
    const only = raw.paused !== null ? sessionActions : undefined;
    let head: HeadRow | undefined;
    let rowid = active.head(raw.account_id, now, only);
    if (rowid !== null) {
      head = headRow.get(rowid, raw.account_id) as HeadRow | undefined;
      if (!head) {
        // The view disagreed with the table: read it again, and this lane's head with it.
        markActiveStale(db);
        active = activeRequests(db);
        rowid = active.head(raw.account_id, now, only);
        head = rowid === null ? undefined : (headRow.get(rowid, raw.account_id) as HeadRow | undefined);
      }
    }
    if (!head) {
      const nextT = active.nextRun(raw.account_id, only);
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
    takeRequest.run(now, workerId, leaseUntil, rowid);
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

const headCache = new WeakMap<Db, Stmt>();

function headStatement(db: Db): Stmt {
  let found = headCache.get(db);
  if (!found) {
    found = db.prepare(HEAD).raw(true);
    headCache.set(db, found);
  }
  return found;
}
