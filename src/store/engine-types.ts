import type { Account, AccountStatus, RequestRow } from "./types.ts";
import type { NewDelivery } from "./webhook-types.ts";

/**
 * The engine's store operations (migration 002). Each method is one transaction. Both
 * dialects implement them in their `lanes-*.ts` files; the adapters expose them as methods.
 *
 * A lane is one LinkedIn account's queue head: at most one request of an account is
 * PROCESSING at any moment, whatever the number of processes, because a request only
 * becomes PROCESSING together with its lane becoming busy (PostgreSQL: the lane row is
 * locked FOR UPDATE SKIP LOCKED while claiming).
 */

export interface LaneState {
  accountId: string;
  dueAt: number | null;
  nextAt: number;
  busyRequestId: string | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  paused: string | null;
  cooldownUntil: number | null;
  streak429: number;
  /** Bucket name → paused until. */
  bucketPauses: Record<string, number>;
  lastFinishedAt: number | null;
}

/** One claimed unit of work: the lane is busy with this request until `leaseUntil`. */
export interface Claimed {
  request: RequestRow;
  /** True when an earlier attempt may have reached LinkedIn: verify before running. */
  outcomeUnknown: boolean;
  lane: LaneState;
  account: Account;
  /** When the lane became eligible for this request: max(lane due, request run_at). */
  eligibleAt: number;
  leaseUntil: number;
}

export interface ClaimOptions {
  workerId: string;
  now: number;
  limit: number;
  leaseMs: number;
  /** Actions that may run while the lane is paused (logins). */
  sessionActions: readonly string[];
}

/** How a claimed request ends its turn on the lane. */
export type Finish = {
  requestId: string;
  accountId: string;
  workerId: string;
  /**
   * The claim's `started_at`: a fencing token. A request reclaimed and claimed again (even
   * by the same worker) has a new one, so a late finish of the old turn changes nothing.
   */
  claimedAt: number;
  now: number;
  /** The lane's new earliest next start (finish + gap, cooldown end, or unchanged). */
  nextAt: number;
  outcome:
    | {
        kind: "done";
        /** SUCCESS or a catalogue code. */
        status: string;
        result: unknown;
        message: string | null;
        /** The outbox row of the terminal state; null when no webhook applies. */
        delivery: NewDelivery | null;
      }
    | {
        kind: "requeue";
        runAt: number;
        /** The attempt may have reached LinkedIn (sets the flag; never clears it). */
        outcomeUnknown: boolean;
        code: string | null;
        message: string | null;
        /** Nothing ran (postponed by quota or working hours): the attempt is given back. */
        giveBackAttempt: boolean;
      };
  /** Count one action of this bucket in the action log (it happened on LinkedIn). */
  logBucket?: string;
  /** How many units of `logBucket` it spent (a search's results); default 1. */
  logWeight?: number;
  /** STATUS_429 bookkeeping: set a cooldown and the streak, or reset the streak (0). */
  cooldown?: { until: number | null; streak: number };
  /** Pause a bucket until then (FUSE_LIMIT_EXCEEDED). */
  pauseBucket?: { bucket: string; until: number };
  /** Pause (a reason) or unpause (null) the whole lane. */
  pause?: string | null;
  /** Change the account's status, with its `account_status` outbox row, in the same transaction. */
  account?: { status: AccountStatus; reason: string | null; delivery: NewDelivery | null };
  /** Watches started by this send (reply, acceptance), written in the same transaction. */
  trackers?: NewTracker[];
};

export interface NewTracker {
  id: string;
  workspaceId: string;
  accountId: string;
  requestId: string | null;
  kind: "reply" | "acceptance";
  target: Record<string, unknown>;
  frequencyMs: number;
  now: number;
}

export interface TrackerRow {
  id: string;
  workspaceId: string;
  accountId: string;
  requestId: string | null;
  kind: "reply" | "acceptance";
  target: Record<string, unknown>;
  frequencyMs: number;
  nextCheckAt: number;
  active: boolean;
  firedAt: number | null;
  checks: number;
  createdAt: number;
  updatedAt: number;
}

/** The result of one tracker check: fire the event (and stop), or check again later. */
export type TrackerOutcome =
  | { trackerId: string; now: number; fired: true; delivery: NewDelivery | null }
  | { trackerId: string; now: number; fired: false; nextCheckAt: number };

/** Builds the outbox row of a request's terminal state (the engine passes it in). */
export type DeliveryOf = (request: RequestRow) => NewDelivery | null;

export interface EngineStore {
  /** Claims up to `limit` due lanes, each with its oldest due request (now PROCESSING). */
  claimLanes(options: ClaimOptions): Promise<Claimed[]>;
  /** Ends the turn of claimed requests; each item is applied only if its lease is still held. One transaction. */
  finishRequests(items: Finish[]): Promise<boolean[]>;
  /**
   * `finishRequests` then `claimLanes`, in ONE transaction: the freed lanes' pages are
   * written once for both, and a busy worker pays one commit per batch instead of two.
   * `claim` is called after the finish part, so the claim's `now` (and its lease) start
   * when the claim is made, however long the finish took.
   */
  finishAndClaim(items: Finish[], claim: () => ClaimOptions): Promise<{ applied: boolean[]; claimed: Claimed[] }>;
  /** Extends the leases this worker holds on these requests; returns the ids still held. */
  renewLeases(workerId: string, requestIds: string[], until: number): Promise<string[]>;
  /** Requeues work whose lease expired (its worker died), flagged outcome-unknown; returns how many. */
  reclaimExpired(now: number): Promise<number>;
  /** Fails QUEUED requests past `expires_at` with QUEUE_TIMEOUT_THRESHOLD_EXCEEDED; returns how many. */
  sweepTimeouts(now: number, limit: number, deliveryOf: DeliveryOf): Promise<number>;
  /** Fails the account's QUEUED requests with `code` and pauses its lane; returns how many. */
  cancelAccount(accountId: string, code: string, message: string, now: number, deliveryOf: DeliveryOf): Promise<number>;
  /**
   * Marks lanes as having work due at `at` (creating missing lanes); called after enqueue.
   * With `unpause`, also lifts an account-wide pause (the account is ACTIVE again).
   */
  touchLanes(accountIds: string[], at: number, options?: { unpause?: boolean }): Promise<void>;
  /**
   * Settings changed (set_limits): requests postponed by a quota or a paused bucket (never
   * the ones waiting for a retry or a cooldown) become due now, the lane's next start
   * falls back to its last finish + `minGapMs` (unless a 429 cooldown runs), and the lane
   * is marked due. Returns how many requests were released.
   */
  releasePostponed(accountId: string, now: number, minGapMs: number): Promise<number>;
  /** Finds QUEUED work whose lane is idle or missing (a lost wake-up) and marks it due. */
  repairLanes(now: number): Promise<number>;
  /** Earliest due time among idle lanes; null when nothing waits. */
  nextDueAt(): Promise<number | null>;
  /** Earliest lease expiry among busy lanes (a dead worker's lanes come back after it); null when none. */
  nextLeaseExpiry(): Promise<number | null>;
  getLane(accountId: string): Promise<LaneState | null>;
  /**
   * Times (ascending) of the units of `bucket` the account spent after `since`: one entry
   * per unit, so an action logged with weight 40 (a search's 40 results) appears 40 times.
   */
  actionTimes(accountId: string, bucket: string, since: number): Promise<number[]>;
  /** Deletes action-log rows older than `before`; returns how many. */
  pruneActionLog(before: number): Promise<number>;

  createTracker(tracker: NewTracker): Promise<TrackerRow>;
  listTrackers(accountId: string, options?: { activeOnly?: boolean }): Promise<TrackerRow[]>;
  getTracker(id: string): Promise<TrackerRow | null>;
  setTrackerActive(id: string, active: boolean, now: number): Promise<TrackerRow | null>;
  /** Leases up to `limit` due active trackers until `now + leaseMs`. */
  claimTrackers(now: number, limit: number, leaseMs: number): Promise<TrackerRow[]>;
  /** Records a check; a fired tracker becomes inactive and its outbox row is written in the same transaction. */
  finishTracker(outcome: TrackerOutcome): Promise<void>;
}

/** Raw lane and tracker rows (both dialects; JSON parsed by the dialect's `parse`). */
export interface LaneRaw {
  account_id: string;
  due_at: number | null;
  next_at: number;
  busy_request_id: string | null;
  lease_owner: string | null;
  lease_until: number | null;
  paused: string | null;
  cooldown_until: number | null;
  streak_429: number;
  bucket_pauses: unknown;
  last_finished_at: number | null;
}

export const LANE_COLUMNS =
  "account_id, due_at, next_at, busy_request_id, lease_owner, lease_until, paused, cooldown_until, streak_429, bucket_pauses, last_finished_at";

export function toLane(raw: LaneRaw, parse: (value: unknown) => unknown): LaneState {
  return {
    accountId: raw.account_id,
    dueAt: raw.due_at,
    nextAt: raw.next_at,
    busyRequestId: raw.busy_request_id,
    leaseOwner: raw.lease_owner,
    leaseUntil: raw.lease_until,
    paused: raw.paused,
    cooldownUntil: raw.cooldown_until,
    streak429: raw.streak_429,
    bucketPauses: (parse(raw.bucket_pauses) as Record<string, number> | null) ?? {},
    lastFinishedAt: raw.last_finished_at,
  };
}

export interface TrackerRaw {
  id: string;
  workspace_id: string;
  account_id: string;
  request_id: string | null;
  kind: string;
  target: unknown;
  frequency_ms: number;
  next_check_at: number;
  active: number;
  fired_at: number | null;
  checks: number;
  created_at: number;
  updated_at: number;
}

export const TRACKER_COLUMNS =
  "id, workspace_id, account_id, request_id, kind, target, frequency_ms, next_check_at, active, fired_at, checks, created_at, updated_at";

export function toTracker(raw: TrackerRaw, parse: (value: unknown) => unknown): TrackerRow {
  return {
    id: raw.id,
    workspaceId: raw.workspace_id,
    accountId: raw.account_id,
    requestId: raw.request_id,
    kind: raw.kind as TrackerRow["kind"],
    target: (parse(raw.target) as Record<string, unknown> | null) ?? {},
    frequencyMs: raw.frequency_ms,
    nextCheckAt: raw.next_check_at,
    active: raw.active === 1,
    firedAt: raw.fired_at,
    checks: raw.checks,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

/** Account columns aliased `a_*`, selected beside a request's columns in one claim row. */
export const ACCOUNT_ALIASED =
  "a.id AS a_id, a.workspace_id AS a_workspace_id, a.email AS a_email, a.status AS a_status, a.status_reason AS a_status_reason, a.profile AS a_profile, a.proxy AS a_proxy, a.limits AS a_limits, a.created_at AS a_created_at, a.updated_at AS a_updated_at, a.disconnected_at AS a_disconnected_at";

/** The `a_*` columns of a claim row back to an account's raw shape. */
export function unaliasAccount(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (key.startsWith("a_")) out[key.slice(2)] = value;
  return out;
}
