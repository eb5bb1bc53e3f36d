import type { Claimed, ClaimOptions, Finish } from "../engine-types.ts";
import type { NewDelivery } from "../webhook-types.ts";
import { type Client, type Pool, withTransaction } from "./db.ts";
import { claimLanes } from "./lanes-claim.ts";
import { insertTracker } from "./lanes-trackers.ts";
import { insertDeliveries, insertDelivery } from "./webhooks-outbox.ts";

/**
 * Ends the turn of claimed requests in one transaction (see the SQLite twin for what it
 * writes). The request and lane updates of the whole batch are one statement each
 * (`jsonb_to_recordset`), and so are its outbox rows (`insertDeliveries`): a batch costs a
 * handful of round trips whatever its size; per-item statements cost ~4 round trips each.
 */
const REQUESTS = `
UPDATE requests r SET
  status = CASE WHEN u.done THEN u.status ELSE 'QUEUED' END,
  result = CASE WHEN u.done THEN u.result ELSE r.result END,
  message = CASE WHEN u.done THEN u.message ELSE coalesce(u.message, r.message) END,
  finished_at = CASE WHEN u.done THEN u.now ELSE r.finished_at END,
  run_at = CASE WHEN u.done THEN r.run_at ELSE u.run_at END,
  outcome_unknown = greatest(r.outcome_unknown, u.unknown),
  last_error = coalesce(u.code, r.last_error),
  attempts = r.attempts - u.give_back,
  lease_owner = NULL, lease_until = NULL
FROM jsonb_to_recordset($1::jsonb) AS u(id text, worker text, claimed_at bigint, done boolean, status text, result jsonb, message text,
  now bigint, run_at bigint, unknown integer, code text, give_back integer)
WHERE r.id = u.id AND r.status = 'PROCESSING' AND r.lease_owner = u.worker AND r.started_at = u.claimed_at
RETURNING r.id`;

const LANES = `
UPDATE lanes l SET busy_request_id = NULL, lease_owner = NULL, lease_until = NULL, next_at = u.next_at,
  last_finished_at = CASE WHEN u.ran THEN u.now ELSE l.last_finished_at END,
  cooldown_until = CASE WHEN u.set_cooldown THEN u.cooldown_until ELSE l.cooldown_until END,
  streak_429 = CASE WHEN u.set_cooldown THEN u.streak ELSE l.streak_429 END,
  paused = CASE WHEN u.set_pause THEN u.pause ELSE l.paused END,
  bucket_pauses = CASE WHEN u.bucket IS NULL THEN l.bucket_pauses
                  ELSE l.bucket_pauses || jsonb_build_object(u.bucket, u.bucket_until) END,
  due_at = (SELECT CASE WHEN min(q.run_at) IS NULL THEN NULL ELSE greatest(min(q.run_at), u.next_at) END
            FROM requests q WHERE q.account_id = u.account_id AND q.status = 'QUEUED')
FROM jsonb_to_recordset($1::jsonb) AS u(account_id text, request_id text, next_at bigint, ran boolean, now bigint,
  set_cooldown boolean, cooldown_until bigint, streak integer, set_pause boolean, pause text, bucket text, bucket_until bigint)
WHERE l.account_id = u.account_id AND l.busy_request_id = u.request_id`;

const LOG = `INSERT INTO action_log (account_id, bucket, at, request_id, weight)
  SELECT account_id, bucket, at, request_id, weight FROM jsonb_to_recordset($1::jsonb)
  AS u(account_id text, bucket text, at bigint, request_id text, weight integer)`;

export async function finishRequests(pool: Pool, items: Finish[]): Promise<boolean[]> {
  if (items.length === 0) return [];
  return withTransaction(pool, (client) => finishTx(client, items));
}

/** Finish a batch and claim the next in one transaction: one BEGIN/COMMIT and one lock pass per batch. */
export async function finishAndClaim(
  pool: Pool,
  items: Finish[],
  claim: () => ClaimOptions,
): Promise<{ applied: boolean[]; claimed: Claimed[] }> {
  return withTransaction(pool, async (client) => {
    const applied = items.length ? await finishTx(client, items) : [];
    const options = claim();
    return { applied, claimed: options.limit > 0 ? await claimLanes(client, options) : [] };
  });
}

async function finishTx(client: Client, items: Finish[]): Promise<boolean[]> {
  // Lock order everywhere: lanes (by account_id) before requests. Claims and reclaims take
  // lanes first too, so a finish never deadlocks with them or with a lease renewal.
  await client.query({
    name: "welink_lanes_finish_lock",
    text: "SELECT 1 FROM lanes WHERE account_id = ANY($1::text[]) ORDER BY account_id FOR UPDATE",
    values: [[...new Set(items.map((i) => i.accountId))]],
  });
  const rows = items.map((item) => {
    const o = item.outcome;
    return o.kind === "done"
      ? {
          id: item.requestId,
          worker: item.workerId,
          claimed_at: item.claimedAt,
          done: true,
          status: o.status,
          result: o.result ?? null,
          message: o.message,
          now: item.now,
          run_at: null,
          unknown: 0,
          code: null,
          give_back: 0,
        }
      : {
          id: item.requestId,
          worker: item.workerId,
          claimed_at: item.claimedAt,
          done: false,
          status: null,
          result: null,
          message: o.message,
          now: item.now,
          run_at: o.runAt,
          unknown: o.outcomeUnknown ? 1 : 0,
          code: o.code,
          give_back: o.giveBackAttempt ? 1 : 0,
        };
  });
  const res = await client.query({
    name: "welink_lanes_finish_requests",
    text: REQUESTS,
    values: [JSON.stringify(rows)],
  });
  const held = new Set((res.rows as { id: string }[]).map((r) => r.id));
  const applied = items.filter((item) => held.has(item.requestId));
  if (applied.length === 0) return items.map(() => false);

  const deliveries: NewDelivery[] = [];
  for (const item of applied) {
    if (item.outcome.kind === "done" && item.outcome.delivery) deliveries.push(item.outcome.delivery);
  }
  // One statement for the batch's outbox rows (it was a round trip per row).
  await insertDeliveries(client, deliveries);
  const logs = applied
    .filter((item) => item.logBucket)
    .map((item) => ({
      account_id: item.accountId,
      bucket: item.logBucket,
      at: item.now,
      request_id: item.requestId,
      weight: item.logWeight ?? 1,
    }));
  if (logs.length) await client.query({ name: "welink_lanes_finish_log", text: LOG, values: [JSON.stringify(logs)] });
  const lanes = applied.map((item) => ({
    account_id: item.accountId,
    request_id: item.requestId,
    next_at: item.nextAt,
    ran: item.outcome.kind === "done" || !item.outcome.giveBackAttempt,
    now: item.now,
    set_cooldown: item.cooldown !== undefined,
    cooldown_until: item.cooldown?.until ?? null,
    streak: item.cooldown?.streak ?? 0,
    set_pause: item.pause !== undefined,
    pause: item.pause ?? null,
    bucket: item.pauseBucket?.bucket ?? null,
    bucket_until: item.pauseBucket?.until ?? null,
  }));
  await client.query({ name: "welink_lanes_finish_lanes", text: LANES, values: [JSON.stringify(lanes)] });
  for (const item of applied) {
    if (item.account) {
      // Only a real change is announced: the driver may have set the status (and sent its
      // own account_status) before the action failed with it.
      const changed = await client.query(
        "UPDATE accounts SET status = $1, status_reason = $2, updated_at = $3 WHERE id = $4 AND status <> $1",
        [item.account.status, item.account.reason, item.now, item.accountId],
      );
      if ((changed.rowCount ?? 0) > 0 && item.account.delivery) await insertDelivery(client, item.account.delivery);
    }
    for (const tracker of item.trackers ?? []) await insertTracker(client, tracker);
  }
  return items.map((item) => held.has(item.requestId));
}
