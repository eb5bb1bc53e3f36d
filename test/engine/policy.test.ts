import { describe, expect, it } from "vitest";
import { backoffMs, COOLDOWN_429, cooldownMs, TRANSIENT_BACKOFF } from "../../src/engine/backoff.ts";
import { decide, RunTimeoutError } from "../../src/engine/policy.ts";
import { WelinkError } from "../../src/errors/index.ts";
import { seededRandom } from "../../src/lib/random.ts";

const now = 1_000_000;
const base = { attempts: 1, streak429: 0, now, random: seededRandom(3) };
const MIN = 60_000;

describe("failure policy", () => {
  it("STATUS_429 cools the account down 5, 10, 20, 40 min … capped at 4 h, and retries", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => cooldownMs(COOLDOWN_429, n))).toEqual([
      5 * MIN,
      10 * MIN,
      20 * MIN,
      40 * MIN,
      80 * MIN,
      160 * MIN,
      240 * MIN,
      240 * MIN,
    ]);
    const d = decide({ ...base, error: new WelinkError("STATUS_429"), streak429: 2 });
    expect(d).toMatchObject({
      kind: "retry",
      code: "STATUS_429",
      at: now + 20 * MIN,
      holdLane: true,
      cooldownStreak: 3,
    });
  });

  it("honours a longer Retry-After on a 429", () => {
    const d = decide({ ...base, error: new WelinkError("STATUS_429", undefined, { retryAfter: 3600 }) });
    expect(d).toMatchObject({ kind: "retry", at: now + 3_600_000 });
  });

  it("STATUS_429 fails the request after its attempts run out", () => {
    const d = decide({ ...base, error: new WelinkError("STATUS_429"), attempts: COOLDOWN_429.maxAttempts });
    expect(d).toMatchObject({ kind: "fail", code: "STATUS_429" });
  });

  it("FUSE_LIMIT_EXCEEDED fails the request and pauses the bucket", () => {
    expect(decide({ ...base, error: new WelinkError("FUSE_LIMIT_EXCEEDED") })).toMatchObject({
      kind: "fail",
      code: "FUSE_LIMIT_EXCEEDED",
      pauseBucket: true,
    });
  });

  it("ACCOUNT_RESTRICTED and SESSION_EXPIRED pause the whole account", () => {
    expect(decide({ ...base, error: new WelinkError("ACCOUNT_RESTRICTED") })).toMatchObject({
      kind: "fail",
      accountStatus: "RESTRICTED",
    });
    expect(decide({ ...base, error: new WelinkError("SESSION_EXPIRED") })).toMatchObject({
      kind: "fail",
      accountStatus: "SESSION_EXPIRED",
    });
  });

  it("prospect errors fail at once and pause nothing", () => {
    for (const code of ["CANT_RESEND_YET", "PROFILE_NOT_FOUND", "ALREADY_CONNECTED"] as const) {
      const d = decide({ ...base, error: new WelinkError(code) });
      expect(d).toEqual({ kind: "fail", code, message: expect.any(String) });
    }
  });

  it("a retryable prospect error retries without holding the lane", () => {
    const d = decide({ ...base, error: new WelinkError("EVENT_FETCH_FAILED") });
    expect(d).toMatchObject({ kind: "retry", holdLane: false });
  });

  it("unknown errors and timeouts retry with an unknown outcome, then fail as INTERNAL_ERROR", () => {
    const d = decide({ ...base, error: new RunTimeoutError(1000) });
    expect(d).toMatchObject({ kind: "retry", code: "INTERNAL_ERROR", outcomeUnknown: true, holdLane: false });
    const last = decide({ ...base, error: new Error("ECONNRESET"), attempts: TRANSIENT_BACKOFF.maxAttempts });
    expect(last).toEqual({ kind: "fail", code: "INTERNAL_ERROR", message: "ECONNRESET" });
  });

  it("PROXY_ERROR retries a bounded number of times, holding the lane", () => {
    const d = decide({ ...base, error: new WelinkError("PROXY_ERROR") });
    expect(d).toMatchObject({ kind: "retry", holdLane: true, outcomeUnknown: false });
    expect(decide({ ...base, error: new WelinkError("PROXY_ERROR"), attempts: 5 })).toMatchObject({ kind: "fail" });
  });

  it("transient back-off grows exponentially, capped, with jitter in [exp/2, exp]", () => {
    const random = seededRandom(9);
    for (let attempt = 1; attempt <= 10; attempt++) {
      const exp = Math.min(TRANSIENT_BACKOFF.capMs, TRANSIENT_BACKOFF.baseMs * 2 ** (attempt - 1));
      const ms = backoffMs(TRANSIENT_BACKOFF, attempt, random);
      expect(ms).toBeGreaterThanOrEqual(exp / 2);
      expect(ms).toBeLessThanOrEqual(exp);
    }
  });
});
