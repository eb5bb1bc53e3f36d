import { BUCKETS, type Bucket } from "../catalog/define.ts";
import type { Account } from "../store/types.ts";
import type { Pacing } from "./pacing.ts";
import { type BucketQuota, DEFAULT_QUOTAS, WINDOWS, type WindowName } from "./quotas.ts";
import type { WorkingHours } from "./working-hours.ts";

/**
 * The per-account safety settings kept in `accounts.limits` (set by `set_limits`); every
 * field is optional and falls back to a default, so an account row with `{}` is safe.
 */
export interface AccountLimits {
  /** Per bucket, per window: overrides of the default limits. */
  buckets?: Partial<Record<Bucket, BucketQuota>>;
  /** null or absent: no working hours (the default). */
  working_hours?: WorkingHours | null;
  pacing?: Partial<Pacing>;
}

export interface Settings {
  pacing: Pacing;
  workingHours: WorkingHours | null;
  paid: boolean;
  quota(bucket: Bucket): BucketQuota;
}

/** Premium, Sales Navigator and Recruiter accounts get the paid limits (200 invitations a week). */
export function isPaid(account: Pick<Account, "profile"> | null): boolean {
  const p = account?.profile;
  return Boolean(p && (p.premium || p.sales_navigator || p.recruiter));
}

export function settingsOf(account: Pick<Account, "profile" | "limits"> | null, defaultPacing: Pacing): Settings {
  const limits = (account?.limits ?? {}) as AccountLimits;
  const paid = isPaid(account);
  return {
    pacing: { ...defaultPacing, ...limits.pacing },
    workingHours: limits.working_hours ?? null,
    paid,
    quota(bucket) {
      const base = DEFAULT_QUOTAS[bucket][paid ? "paid" : "free"];
      return { ...base, ...(limits.buckets?.[bucket] ?? {}) };
    },
  };
}

/** Validates bucket overrides given by `set_limits`; returns a message or null. */
export function bucketsProblem(buckets: Record<string, unknown>): string | null {
  for (const [bucket, quota] of Object.entries(buckets)) {
    if (!BUCKETS.includes(bucket as Bucket)) return `unknown bucket ${bucket} (use ${BUCKETS.join(", ")})`;
    if (typeof quota !== "object" || quota === null) return `limits.${bucket} must be an object`;
    for (const [window, limit] of Object.entries(quota)) {
      if (!(window in WINDOWS)) return `unknown window ${bucket}.${window} (use ${Object.keys(WINDOWS).join(", ")})`;
      if (!Number.isInteger(limit) || (limit as number) < 0)
        return `limits.${bucket}.${window} must be an integer >= 0`;
    }
  }
  return null;
}

export type { WindowName };
