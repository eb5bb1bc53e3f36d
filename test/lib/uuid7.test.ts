import { describe, expect, it } from "vitest";
import { createUuid7, uuid7 } from "../../src/lib/uuid7.ts";

const SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function timestampOf(id: string): number {
  return Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);
}

describe("uuid7", () => {
  it("is an RFC 9562 version 7 UUID (version nibble 7, variant bits 10)", () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuid7();
      expect(id).toMatch(SHAPE);
      const bytes = Buffer.from(id.replace(/-/g, ""), "hex");
      expect(bytes[6]! >> 4).toBe(7);
      expect(bytes[8]! >> 6).toBe(0b10);
    }
  });

  it("carries the Unix millisecond timestamp in its first 48 bits", () => {
    const at = Date.UTC(2026, 10, 26, 7, 30, 0, 123);
    const id = createUuid7(() => at)();
    expect(timestampOf(id)).toBe(at);
  });

  it("is strictly increasing within one millisecond", () => {
    const next = createUuid7(() => 1_700_000_000_000);
    const ids = Array.from({ length: 10_000 }, () => next());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(timestampOf(id)).toBe(1_700_000_000_000);
  });

  it("stays ordered across milliseconds and when the clock steps back", () => {
    const times = [5_000, 5_000, 5_001, 4_000, 4_000, 5_002, 5_002];
    let t = 0;
    const next = createUuid7(() => times[t++]!);
    const ids = times.map(() => next());
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    // Stepping back reuses the last millisecond seen rather than going backwards.
    expect(timestampOf(ids[3]!)).toBe(5_001);
    expect(timestampOf(ids[5]!)).toBe(5_002);
  });

  it("differs between generators in the same millisecond (random counter seed and tail)", () => {
    const a = createUuid7(() => 42)();
    const b = createUuid7(() => 42)();
    expect(a).not.toBe(b);
  });
});
