import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG, ERROR_CODES, errorBody, isErrorCode, WelinkError } from "../../src/errors/index.ts";

const SEEDS = join(import.meta.dirname, "../../../shared/seeds");

/** Codes of the seed's tables: a row starts with the code glued to its description. */
function seedCodes(text: string): string[] {
  const codes = new Set<string>();
  for (const line of text.split("\n")) {
    const match = /^([0-9A-Z_]+?)(?=[A-Z][a-z])/.exec(line.trim());
    if (match?.[1] && /[A-Z].*[A-Z]/.test(match[1])) codes.add(match[1]);
  }
  return [...codes];
}

describe("error catalogue", () => {
  it.runIf(existsSync(SEEDS))("holds every code of the seed error model", () => {
    const files = readdirSync(SEEDS).filter((f) => f.endsWith(".txt"));
    expect(files.length).toBeGreaterThan(0);
    const codes = files.flatMap((f) => seedCodes(readFileSync(join(SEEDS, f), "utf8")));
    expect(codes.length).toBeGreaterThan(50);
    const missing = codes.filter((code) => !isErrorCode(code));
    expect(missing).toEqual([]);
    for (const code of codes) expect(CATALOG[code as keyof typeof CATALOG].seed).toBe(true);
  });

  it("parses the seed's glued table rows", () => {
    expect(
      seedCodes("404_PROFILE_IDProvided profile URL is invalid\nSTATUS_429LinkedIn rate limit hit\n200Success"),
    ).toEqual(["404_PROFILE_ID", "STATUS_429"]);
  });

  it("gives every code a status, scope, description and resolution", () => {
    for (const code of ERROR_CODES) {
      const spec = CATALOG[code];
      expect([400, 401, 404, 409, 429, 500]).toContain(spec.httpStatus);
      expect(["request", "prospect", "account", "session"]).toContain(spec.scope);
      expect(spec.description.length).toBeGreaterThan(5);
      expect(spec.resolution.length).toBeGreaterThan(5);
    }
  });

  it("turns a WelinkError into the seed's error body", () => {
    const error = new WelinkError("RATE_LIMITED", "100 action requests per hour", { retryAfter: 12 });
    expect(errorBody(error, "req-1")).toEqual({
      status: "RATE_LIMITED",
      message: "100 action requests per hour",
      requestId: "req-1",
      retryable: true,
      scope: "account",
      retryAfter: 12,
    });
    expect(error.httpStatus).toBe(429);
  });
});
