import { describe, expect, it } from "vitest";
import { BUCKETS } from "../../src/catalog/define.ts";
import {
  checkQuota,
  DEFAULT_QUOTAS,
  smallestLimit,
  usage,
  WINDOWS,
  weeklySlotFreesAt,
} from "../../src/engine/quotas.ts";
import { settingsOf } from "../../src/engine/settings.ts";

const H = 3_600_000;
const D = 24 * H;
const now = Date.UTC(2026, 0, 12, 12, 0);

describe("quotas on rolling windows", () => {
  it("has a default for every catalogue bucket, 100 a week free and 200 paid for invitations", () => {
    for (const b of BUCKETS) expect(DEFAULT_QUOTAS[b]).toBeDefined();
    expect(DEFAULT_QUOTAS.invitation.free.week).toBe(100);
    expect(DEFAULT_QUOTAS.invitation.paid.week).toBe(200);
    expect(
      settingsOf({ profile: { premium: true }, limits: {} }, { min_gap_s: 1, max_gap_s: 3 }).quota("invitation"),
    ).toEqual({ day: 40, week: 200 });
    expect(settingsOf({ profile: {}, limits: {} }, { min_gap_s: 1, max_gap_s: 3 }).quota("invitation")).toEqual({
      day: 20,
      week: 100,
    });
  });

  it("per-account overrides replace one window and keep the others", () => {
    const s = settingsOf(
      { profile: {}, limits: { buckets: { invitation: { day: 5 } } } },
      { min_gap_s: 1, max_gap_s: 3 },
    );
    expect(s.quota("invitation")).toEqual({ day: 5, week: 100 });
  });

  // Each bucket's day window: limit hits inside 24 h refuse the next one until the oldest leaves.
  for (const bucket of BUCKETS) {
    it(`${bucket}: the day window rolls, it is not a calendar day`, () => {
      const quota = DEFAULT_QUOTAS[bucket].free;
      const limit = quota.day!;
      // `limit` actions, one every 10 minutes, the first 23 h ago.
      const times = Array.from({ length: limit }, (_, i) => now - 23 * H + i * 600_000);
      const check = checkQuota(times, now, { day: limit });
      expect(check).toEqual({ allowed: false, resetAt: times[0]! + D });
      // One hour later the first action left the window: a slot is free.
      expect(checkQuota(times, now + H, { day: limit })).toEqual({ allowed: true });
    });
  }

  it("the weekly invitation window counts 7 rolling days, the daily one does not hide it", () => {
    // 100 invitations spread between 6.5 and 1.5 days ago: none in the last 24 h.
    const times = Array.from({ length: 100 }, (_, i) => now - 6.5 * D + i * 1.2 * H);
    const quota = { day: 20, week: 100 };
    expect(times.every((t) => t <= now - D)).toBe(true);
    const check = checkQuota(times, now, quota);
    expect(check.allowed).toBe(false);
    if (!check.allowed) expect(check.resetAt).toBe(times[0]! + WINDOWS.week);
  });

  it("the month window of searches", () => {
    const times = Array.from({ length: 300 }, (_, i) => now - 29 * D + i * 2 * H);
    const check = checkQuota(times, now, { month: 300 });
    expect(check).toEqual({ allowed: false, resetAt: times[0]! + WINDOWS.month });
  });

  it("when both windows are full the later reset wins", () => {
    const times = [now - 6 * D, ...Array.from({ length: 2 }, (_, i) => now - H + i)];
    const check = checkQuota(times, now, { day: 2, week: 3 });
    expect(check).toEqual({ allowed: false, resetAt: now - 6 * D + WINDOWS.week });
  });

  it("several units at once: waits until that many have left the window", () => {
    // 40 results a day, 30 spent over the last 3 hours (10 an hour): 25 more need 15 to leave.
    const times = [...Array(10).fill(now - 3 * H), ...Array(10).fill(now - 2 * H), ...Array(10).fill(now - H)];
    expect(checkQuota(times, now, { day: 40 }, 10)).toEqual({ allowed: true });
    expect(checkQuota(times, now, { day: 40 }, 25)).toEqual({ allowed: false, resetAt: now - 2 * H + D });
    expect(checkQuota(times, now, { day: 40 }, 41)).toEqual({ allowed: false, resetAt: Number.POSITIVE_INFINITY });
    expect(smallestLimit({ day: 40, month: 300 })).toBe(40);
    expect(smallestLimit({})).toBe(Number.POSITIVE_INFINITY);
  });

  it("a limit of 0 never opens", () => {
    expect(checkQuota([], now, { day: 0 })).toEqual({ allowed: false, resetAt: Number.POSITIVE_INFINITY });
  });

  it("reports usage per window with its reset", () => {
    const times = [now - 3 * D, now - 2 * H, now - H];
    expect(usage(times, now, { day: 20, week: 100 })).toEqual([
      { window: "day", limit: 20, used: 2, resetAt: now - 2 * H + D },
      { window: "week", limit: 100, used: 3, resetAt: now - 3 * D + WINDOWS.week },
    ]);
  });

  it("a FUSE pause lasts until the weekly window frees a slot", () => {
    expect(weeklySlotFreesAt([now - 8 * D, now - 5 * D, now - D], now)).toBe(now - 5 * D + WINDOWS.week);
    expect(weeklySlotFreesAt([], now)).toBe(now + D);
  });
});
