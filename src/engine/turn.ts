import type { RunContext } from "../catalog/define.ts";
import { type Clock, type Sleep, timerSleep } from "../lib/clock.ts";
import type { Random } from "../lib/random.ts";
import type { Claimed, EngineStore, Finish, NewTracker } from "../store/engine-types.ts";
import type { RequestRow } from "../store/types.ts";
import type { EngineAction } from "./actions.ts";
import type { BackoffPolicy, CooldownPolicy } from "./backoff.ts";
import { accountStatusDelivery, requestDelivery } from "./outbox.ts";
import { drawGapMs, drawPageGapMs, type Pacing } from "./pacing.ts";
import { type ResultLimit, resultCount, resultLimit } from "./per-result.ts";
import { decide, RunTimeoutError } from "./policy.ts";
import { checkQuota, LONGEST_WINDOW_MS, weeklySlotFreesAt } from "./quotas.ts";
import { settingsOf } from "./settings.ts";
import { newTrackers } from "./tracking.ts";
import { nextOpening } from "./working-hours.ts";

/** What one lane's turn needs; the worker loop builds it once. */
export interface TurnDeps {
  store: EngineStore;
  clock: Clock;
  random: Random;
  actions: Map<string, EngineAction>;
  makeContext: (claimed: Claimed) => RunContext | Promise<RunContext>;
  workerId: string;
  defaultPacing: Pacing;
  sessionActions: ReadonlySet<string>;
  runTimeoutMs: number;
  /** Attempts (crashes included) after which a request fails whatever happened. */
  hardMaxAttempts: number;
  backoff?: BackoffPolicy;
  cooldown?: CooldownPolicy;
  newId: () => string;
  /**
   * Fencing: whether this worker still holds the request's lease (by its own clock, with
   * a margin). Checked right before `verify` and before `run`, so a worker that stalled past
   * its lease never sends what another worker may already be resolving.
   */
  holdsLease?: (requestId: string) => boolean;
  /** Aborted when the lease is lost; handed to the action as `ctx.signal` when it has none. */
  signalFor?: (requestId: string) => AbortSignal | undefined;
  /** Waits between two pages of a paged read (`ctx.pace`); default: a real timer. */
  sleep?: Sleep;
}

/** The turn gave up its claim (lease lost): no finish; the lane's new owner decides. */
export const LEASE_LOST = Symbol("lease lost");

/** How far a postponement may reach when a quota never frees (limit 0): the queue timeout ends it. */
const FAR_MS = 30 * 86_400_000;

/**
 * One turn of a lane: checks what may stop the claimed request from running now (working
 * hours, a paused bucket, an exhausted quota, a paused account), verifies an unknown
 * outcome, runs the action, and turns the outcome into one `Finish` for the store.
 */
export async function takeTurn(deps: TurnDeps, claimed: Claimed): Promise<Finish | typeof LEASE_LOST> {
  const { request, lane, account } = claimed;
  const now = deps.clock.now();
  const base = { requestId: request.id, accountId: account.id, workerId: deps.workerId, claimedAt: request.startedAt! };
  const action = deps.actions.get(request.action);
  const settings = settingsOf(account, deps.defaultPacing);
  const isSession = deps.sessionActions.has(request.action);

  const done = (status: string, result: unknown, message: string | null, at: number): Finish => ({
    ...base,
    now: at,
    nextAt: at + drawGapMs(deps.random, settings.pacing),
    outcome: { kind: "done", status, result, message, delivery: deliveryFor(request, status, result, message, at) },
  });
  const postpone = (runAt: number, nextAt: number, pause?: string): Finish => ({
    ...base,
    now,
    nextAt,
    outcome: { kind: "requeue", runAt, outcomeUnknown: false, code: null, message: null, giveBackAttempt: true },
    ...(pause ? { pause } : {}),
  });

  if (!action?.run) return done("INTERNAL_ERROR", null, `no runnable action named ${request.action}`, now);
  if (account.status === "DISCONNECTED") return done("ACCOUNT_DISCONNECTED", null, null, now);
  if (request.attempts > deps.hardMaxAttempts) {
    return done("INTERNAL_ERROR", null, `gave up after ${request.attempts - 1} attempts`, now);
  }
  if (!isSession && account.status !== "ACTIVE") {
    // The account left ACTIVE outside the engine: hold the lane until a login brings it back.
    return postpone(request.runAt, lane.nextAt, account.status);
  }
  // A per-result action (a search) needs room for its whole limit, and runs with it capped.
  let perResult: ResultLimit | null = null;
  if (!isSession) {
    const opens = nextOpening(now, settings.workingHours);
    if (opens > now) return postpone(request.runAt, Math.min(opens, now + FAR_MS));
    if (action.bucket) {
      const pausedUntil = lane.bucketPauses[action.bucket];
      if (pausedUntil !== undefined && pausedUntil > now) return postpone(pausedUntil, lane.nextAt);
      const quota = settings.quota(action.bucket);
      if (action.perResult) perResult = resultLimit(action.perResult.defaultLimit, request.input, quota);
      const times = await deps.store.actionTimes(account.id, action.bucket, now - LONGEST_WINDOW_MS);
      const check = checkQuota(times, now, quota, perResult?.limit ?? 1);
      if (!check.allowed) return postpone(Math.min(check.resetAt, now + FAR_MS), lane.nextAt);
    }
  }

  const ctx = await deps.makeContext(claimed);
  if (!ctx.signal) {
    const signal = deps.signalFor?.(request.id);
    if (signal) ctx.signal = signal;
  }
  // Pages of one paged read are paced; the time spent waiting does not count against the run timeout.
  let pacedMs = 0;
  const sleep = deps.sleep ?? timerSleep;
  ctx.pace = async () => {
    const ms = drawPageGapMs(deps.random, settings.pacing);
    pacedMs += ms;
    if (ms > 0) await sleep(ms, ctx.signal);
  };
  const input = (perResult?.input ?? request.input) as never;
  const held = () => deps.holdsLease?.(request.id) ?? true;
  let result: unknown;
  try {
    let verified: unknown = null;
    if (claimed.outcomeUnknown && action.verify) {
      if (!held()) return LEASE_LOST;
      verified = await withTimeout(action.verify(ctx, input), deps.runTimeoutMs, () => pacedMs);
    }
    if (verified === null || verified === undefined) {
      if (!held()) return LEASE_LOST;
      result = await withTimeout(action.run(ctx, input), deps.runTimeoutMs, () => pacedMs);
    } else result = verified;
  } catch (error) {
    return failed(deps, claimed, error, settings.pacing, action.bucket);
  }
  const at = deps.clock.now();
  const finish = done("SUCCESS", result ?? {}, null, at);
  if (action.bucket) {
    finish.logBucket = action.bucket;
    if (action.perResult) finish.logWeight = resultCount(result);
  }
  if (lane.streak429 > 0) finish.cooldown = { until: null, streak: 0 };
  if (isSession && lane.paused !== null) finish.pause = null;
  const trackers: NewTracker[] = newTrackers(request, action, result, at, deps.newId);
  if (trackers.length) finish.trackers = trackers;
  return finish;
}

function deliveryFor(request: RequestRow, status: string, result: unknown, message: string | null, now: number) {
  return requestDelivery({ ...request, status, result: result ?? null, message, finishedAt: now }, now);
}

async function failed(
  deps: TurnDeps,
  claimed: Claimed,
  error: unknown,
  pacing: Pacing,
  bucket: string | undefined,
): Promise<Finish> {
  const { request, lane, account } = claimed;
  const now = deps.clock.now();
  const decision = decide({
    error,
    attempts: request.attempts,
    streak429: lane.streak429,
    now,
    random: deps.random,
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
    ...(deps.cooldown ? { cooldown: deps.cooldown } : {}),
  });
  const gapEnd = now + drawGapMs(deps.random, pacing);
  const base = {
    requestId: request.id,
    accountId: account.id,
    workerId: deps.workerId,
    claimedAt: request.startedAt!,
    now,
  };
  if (decision.kind === "retry") {
    const finish: Finish = {
      ...base,
      nextAt: decision.holdLane ? Math.max(decision.at, gapEnd) : gapEnd,
      outcome: {
        kind: "requeue",
        runAt: decision.at,
        outcomeUnknown: decision.outcomeUnknown,
        code: decision.code,
        message: decision.message,
        giveBackAttempt: false,
      },
    };
    if (decision.cooldownStreak !== undefined)
      finish.cooldown = { until: decision.at, streak: decision.cooldownStreak };
    return finish;
  }
  const finish: Finish = {
    ...base,
    nextAt: gapEnd,
    outcome: {
      kind: "done",
      status: decision.code,
      result: null,
      message: decision.message,
      delivery: deliveryFor(request, decision.code, null, decision.message, now),
    },
  };
  if (decision.pauseBucket) {
    const paused = bucket ?? "invitation";
    const times = await deps.store.actionTimes(account.id, paused, now - LONGEST_WINDOW_MS);
    finish.pauseBucket = { bucket: paused, until: weeklySlotFreesAt(times, now) };
  }
  if (decision.accountStatus) {
    finish.pause = decision.accountStatus;
    finish.account = {
      status: decision.accountStatus,
      reason: decision.code,
      delivery: accountStatusDelivery(account.workspaceId, account.id, decision.accountStatus, decision.code, now),
    };
  }
  return finish;
}

/**
 * Rejects with RunTimeoutError once the run has taken `ms` beyond the time `extendedMs()`
 * reports it spent in paced waits.
 */
function withTimeout<T>(promise: Promise<T>, ms: number, extendedMs: () => number = () => 0): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    let granted = 0;
    const arm = (wait: number) => {
      timer = setTimeout(() => {
        const extra = extendedMs() - granted;
        if (extra <= 0) return reject(new RunTimeoutError(ms));
        granted += extra;
        arm(extra);
      }, wait);
    };
    arm(ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
