import { describe, expect, it } from "vitest";
import { defaultProfile, loadProfile } from "../../src/linkedin/profile/loader.ts";

describe("protocol profile", () => {
  it("the shipped profile loads and every GraphQL step names a known query id", () => {
    const p = defaultProfile();
    expect(p.version).toBe("2026.11");
    expect(p.operations["profiles.get"]?.map((s) => s.generation)).toEqual(["dash", "graphql", "legacy"]);
    for (const steps of Object.values(p.operations)) {
      for (const s of steps) if (s.queryId) expect(p.queryIds[s.queryId]).toMatch(/^[A-Za-z]+\.[0-9a-f]{32}$/);
    }
  });

  it("refuses a profile with a dangling query id or a malformed hash", () => {
    const base = structuredClone(defaultProfile());
    const dangling = { ...base, operations: { x: [{ generation: "graphql", path: "/g", queryId: "nope" }] } };
    expect(() => loadProfile(dangling)).toThrow(/unknown queryId/);
    const badHash = { ...base, queryIds: { a: "voyagerX.123" } };
    expect(() => loadProfile(badHash)).toThrow(/Invalid LinkedIn protocol profile/);
  });
});
