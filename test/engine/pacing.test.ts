import { describe, expect, it } from "vitest";
import { drawGapMs, LIVE_PACING, pacingProblem, SANDBOX_PACING } from "../../src/engine/pacing.ts";
import { seededRandom } from "../../src/lib/random.ts";

describe("pacing", () => {
  it("draws live gaps between 30 and 120 s, spread over the range", () => {
    const random = seededRandom(7);
    const gaps = Array.from({ length: 2000 }, () => drawGapMs(random, LIVE_PACING));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(120_000);
    expect(Math.min(...gaps)).toBeLessThan(32_000);
    expect(Math.max(...gaps)).toBeGreaterThan(118_000);
  });

  it("draws sandbox gaps between 1 and 3 s", () => {
    const random = seededRandom(1);
    const gaps = Array.from({ length: 500 }, () => drawGapMs(random, SANDBOX_PACING));
    expect(gaps.every((g) => g >= 1000 && g <= 3000)).toBe(true);
  });

  it("repeats exactly with the same seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 20; i++) expect(drawGapMs(a, LIVE_PACING)).toBe(drawGapMs(b, LIVE_PACING));
  });

  it("allows a zero gap", () => {
    expect(drawGapMs(seededRandom(1), { min_gap_s: 0, max_gap_s: 0 })).toBe(0);
  });

  it("rejects negative or inverted gaps", () => {
    expect(pacingProblem({ min_gap_s: -1, max_gap_s: 3 })).toMatch(/>= 0/);
    expect(pacingProblem({ min_gap_s: 5, max_gap_s: 3 })).toMatch(/max_gap_s/);
    expect(pacingProblem({ min_gap_s: 0, max_gap_s: 0 })).toBeNull();
  });
});
