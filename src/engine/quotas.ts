import type { Bucket } from "../catalog/define.ts";

/**
 * Per-bucket quotas on rolling windows. Usage is counted from the action log (one row per
 * action that really happened), never from counters, so a crash cannot lose or double a
 * count and a changed limit applies to the past week at once.
 */
export const WINDOWS = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;
export type WindowName = keyof typeof WINDOWS;

export type BucketQuota = Partial<Record<WindowName, number>>;

interface DefaultQuota {
  free: BucketQuota;
  paid: BucketQuota;
}

/**
 * Defaults (../spec/LINKEDIN.md where it gives a number; otherwise conservative figures
 * below what LinkedIn tolerates, so a new account stays clear of FUSE and 429):
 * invitations 100 a week free / 200 paid, spread over the days; search results 1,000 a day
 * (2,500 for Sales Navigator and Recruiter), 3,000 a month on free accounts; company follow
 * invitations 250 credits a month per page.
 */
export const DEFAULT_QUOTAS: Record<Bucket, DefaultQuota> = {
  invitation: { free: { day: 20, week: 100 }, paid: { day: 40, week: 200 } },
  message: { free: { day: 100 }, paid: { day: 150 } },
  inmail: { free: { day: 20 }, paid: { day: 30 } },
  profile_view: { free: { day: 80 }, paid: { day: 150 } },
  // Searches count results, not calls: 1,000 a day (LinkedIn's cap of one query); free
  // accounts 3,000 a month (the 300 monthly searches of 10 results each).
  search: { free: { day: 1000, month: 3000 }, paid: { day: 1000 } },
  // Sales Navigator and Recruiter searches: 2,500 results a day.
  lead_search: { free: { day: 2500 }, paid: { day: 2500 } },
  post: { free: { day: 5 }, paid: { day: 5 } },
  comment: { free: { day: 30 }, paid: { day: 50 } },
  reaction: { free: { day: 100 }, paid: { day: 150 } },
  endorsement: { free: { day: 30 }, paid: { day: 50 } },
  follow: { free: { day: 50 }, paid: { day: 80 } },
  event_invite: { free: { day: 50 }, paid: { day: 100 } },
  company_invite: { free: { day: 50, month: 250 }, paid: { day: 50, month: 250 } },
};

/** The longest window any quota uses: how far back the action log must be read and kept. */
export const LONGEST_WINDOW_MS = WINDOWS.month;

export interface WindowUse {
  window: WindowName;
  limit: number;
  used: number;
  /** When the oldest counted action leaves the window (a slot frees); null when none counted. */
  resetAt: number | null;
}

/** Hits of one window: `times` ascending, any span. */
function use(times: readonly number[], now: number, window: WindowName, limit: number): WindowUse {
  const from = now - WINDOWS[window];
  let first = 0;
  while (first < times.length && times[first]! <= from) first++;
  const used = times.length - first;
  return { window, limit, used, resetAt: used > 0 ? times[first]! + WINDOWS[window] : null };
}

export function usage(times: readonly number[], now: number, quota: BucketQuota): WindowUse[] {
  const out: WindowUse[] = [];
  for (const window of Object.keys(WINDOWS) as WindowName[]) {
    const limit = quota[window];
    if (limit !== undefined) out.push(use(times, now, window, limit));
  }
  return out;
}

export type QuotaCheck = { allowed: true } | { allowed: false; resetAt: number };

/** The smallest limit of any window of the quota (Infinity when it sets none). */
export function smallestLimit(quota: BucketQuota): number {
  let min = Number.POSITIVE_INFINITY;
  for (const window of Object.keys(WINDOWS) as WindowName[]) {
    const limit = quota[window];
    if (limit !== undefined) min = Math.min(min, limit);
  }
  return min;
}

/**
 * May `need` more units of this bucket (one action, or a search's results) be spent at
 * `now`? `times` has one entry per unit already counted. When not, `resetAt` is the first
 * instant at which every window has `need` free units again (Infinity when `need` exceeds a
 * window's limit, e.g. a limit of 0).
 */
export function checkQuota(times: readonly number[], now: number, quota: BucketQuota, need = 1): QuotaCheck {
  let resetAt = Number.NEGATIVE_INFINITY;
  for (const window of Object.keys(WINDOWS) as WindowName[]) {
    const limit = quota[window];
    if (limit === undefined) continue;
    const from = now - WINDOWS[window];
    let first = 0;
    while (first < times.length && times[first]! <= from) first++;
    const used = times.length - first;
    if (used + need <= limit) continue;
    // The (used + need - limit)-th oldest counted unit must leave before `need` units free.
    const frees = need > limit ? Number.POSITIVE_INFINITY : times[first + used + need - limit - 1]! + WINDOWS[window];
    resetAt = Math.max(resetAt, frees);
  }
  return resetAt === Number.NEGATIVE_INFINITY ? { allowed: true } : { allowed: false, resetAt };
}

/** When the bucket's weekly (else longest) window frees a slot: the end of a FUSE pause. */
export function weeklySlotFreesAt(times: readonly number[], now: number, fallbackMs = WINDOWS.day): number {
  const from = now - WINDOWS.week;
  const oldest = times.find((t) => t > from);
  return oldest === undefined ? now + fallbackMs : oldest + WINDOWS.week;
}
