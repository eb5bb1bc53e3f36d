import { z } from "zod";
import { DEFAULT_ACCOUNT_ACTIONS_PER_HOUR, DEFAULT_ACCOUNT_SYNC_PER_HOUR } from "../api/types.ts";
import type { EngineHandle } from "../engine/handle.ts";
import { pacingProblem } from "../engine/pacing.ts";
import { LONGEST_WINDOW_MS, usage, WINDOWS } from "../engine/quotas.ts";
import { type AccountLimits, settingsOf } from "../engine/settings.ts";
import { DAYS, workingHoursProblem } from "../engine/working-hours.ts";
import { WelinkError } from "../errors/index.ts";
import type { Account } from "../store/types.ts";
import { BUCKETS, defineAction, type SyncContext } from "./define.ts";
import { accountId } from "./fields.ts";

/**
 * `get_limits` / `set_limits` (API.md, new, sync): the account's safety settings and how
 * much of each quota window is used. Usage is read from the engine's action log; the API
 * windows (100 actions, 150 message syncs per rolling hour) from the gateway's sliding logs.
 */

const HOUR_MS = 3_600_000;

function engineOf(ctx: SyncContext): EngineHandle {
  if (!ctx.deps.engine) throw new WelinkError("INTERNAL_ERROR", "The engine is not available on this server");
  return ctx.deps.engine;
}

function mustAccount(ctx: SyncContext): Account {
  if (!ctx.account) throw new WelinkError("NOT_FOUND", "accountId not found");
  return ctx.account;
}

const windowLimits = z
  .object({
    day: z.number().int().min(0).optional(),
    week: z.number().int().min(0).optional(),
    month: z.number().int().min(0).optional(),
  })
  .strict();

const bucketLimits = z
  .partialRecord(z.enum(BUCKETS), windowLimits)
  .describe("per bucket, per window (day, week, month)");

const workingHours = z
  .object({
    timezone: z.string().min(1).describe("IANA time zone, e.g. Europe/Paris"),
    days: z.array(z.enum(DAYS)).min(1),
    start: z.string().describe("HH:MM local"),
    end: z.string().describe("HH:MM local, after start"),
  })
  .nullable()
  .describe("null turns working hours off (the default)");

const gap = z.number().min(0);
const pacing = z
  .object({
    min_gap_s: gap.optional(),
    max_gap_s: gap.optional(),
    page_min_gap_s: gap.optional().describe("between two pages of one search or paged read"),
    page_max_gap_s: gap.optional(),
  })
  .describe("seconds; omitted fields stay as they are");

export async function limitsView(ctx: SyncContext, account: Account): Promise<unknown> {
  const engine = engineOf(ctx);
  const now = ctx.now;
  const settings = settingsOf(account, engine.defaultPacing);
  const lane = await engine.store.getLane(account.id);
  const accountCooldown = lane?.cooldownUntil && lane.cooldownUntil > now ? lane.cooldownUntil : null;
  const limits: unknown[] = [];
  for (const bucket of BUCKETS) {
    const times = await engine.store.actionTimes(account.id, bucket, now - LONGEST_WINDOW_MS);
    const paused = lane?.bucketPauses[bucket];
    const cooldownUntil = paused !== undefined && paused > now ? paused : accountCooldown;
    for (const w of usage(times, now, settings.quota(bucket))) {
      limits.push({
        bucket,
        window: w.window,
        window_s: WINDOWS[w.window] / 1000,
        used: w.used,
        limit: w.limit,
        resetAt: w.resetAt,
        cooldownUntil,
      });
    }
  }
  const store = ctx.deps.store;
  const [actions, sync] = await Promise.all([
    store.peekWindow(`account:${account.id}:actions`, HOUR_MS, now),
    store.peekWindow(`account:${account.id}:sync`, HOUR_MS, now),
  ]);
  return {
    accountId: account.id,
    limits,
    working_hours: settings.workingHours,
    pacing: settings.pacing,
    cooldownUntil: accountCooldown,
    paused: lane?.paused ?? null,
    api: {
      actions: { used: actions, limit: DEFAULT_ACCOUNT_ACTIONS_PER_HOUR, window: "1h" },
      message_sync: { used: sync, limit: DEFAULT_ACCOUNT_SYNC_PER_HOUR, window: "1h" },
    },
  };
}

export const limits = [
  defineAction({
    name: "get_limits",
    family: "limits",
    mode: "sync",
    summary:
      "Per-bucket quota use (used, limit, window, resetAt, cooldownUntil), working hours, pacing and API windows",
    input: z.object({ accountId }),
    codes: ["NOT_FOUND"],
    handler: (ctx) => limitsView(ctx, mustAccount(ctx)),
  }),
  defineAction({
    name: "set_limits",
    family: "limits",
    mode: "sync",
    summary: "Change the account's quotas per bucket, working hours and pacing; omitted fields stay as they are",
    input: z.object({
      accountId,
      limits: bucketLimits.optional(),
      working_hours: workingHours.optional(),
      pacing: pacing.optional(),
    }),
    codes: ["INVALID_REQUEST", "NOT_FOUND"],
    handler: async (ctx, input) => {
      const account = mustAccount(ctx);
      const current = (account.limits ?? {}) as AccountLimits;
      const next: AccountLimits = { ...current };
      if (input.pacing) {
        const merged = { ...current.pacing, ...input.pacing };
        const problem = pacingProblem({ ...engineOf(ctx).defaultPacing, ...merged });
        if (problem) throw new WelinkError("INVALID_REQUEST", problem);
        next.pacing = merged;
      }
      if (input.working_hours !== undefined) {
        const problem = input.working_hours && workingHoursProblem(input.working_hours);
        if (problem) throw new WelinkError("INVALID_REQUEST", problem);
        next.working_hours = input.working_hours;
      }
      if (input.limits) {
        const buckets = { ...(current.buckets ?? {}) };
        for (const [bucket, windows] of Object.entries(input.limits)) {
          buckets[bucket as keyof typeof buckets] = { ...(buckets[bucket as keyof typeof buckets] ?? {}), ...windows };
        }
        next.buckets = buckets;
      }
      const updated = await ctx.deps.store.updateAccount(
        account.id,
        { limits: next as Record<string, unknown> },
        ctx.now,
      );
      if (!updated) throw new WelinkError("NOT_FOUND", "accountId not found");
      // New hours or pacing may make the lane due earlier: let the workers look again.
      await ctx.deps.engine?.touchAccount?.(account.id);
      return limitsView(ctx, updated);
    },
  }),
];
