import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { systemClock } from "../../../src/lib/clock.ts";
import { defaultProfile, type LinkedInClient, loadProfile, SessionManager } from "../../../src/linkedin/index.ts";
import { type Harness, PASSWORD, persona, startHarness } from "../harness.ts";

let h: Harness;
let client: LinkedInClient;
let target: { profileId: string; publicIdentifier: string };

beforeAll(async () => {
  h = await startHarness({ seed: 31 });
  const accountId = await h.newAccount(persona("grace"));
  await h.sessions.loginPassword(accountId, { email: persona("grace"), password: PASSWORD });
  client = await h.sessions.client(accountId);
  const list = (await h.control("members?start=0&count=20&tier=free")) as {
    elements: (typeof target & { email: string })[];
  };
  target = list.elements.find((m) => !m.email.endsWith("@sandbox.welink.dev"))!;
});
afterAll(async () => {
  await h?.close();
});

describe("protocol drift", () => {
  it("the Dash path retired (410): falls back to GraphQL", async () => {
    const fault = (await h.control("faults", { kind: "gone", path: "/voyager/api/identity/dash/profiles" })) as {
      id: string;
    };
    const profile = await client.profiles.get({ kind: "vanity", vanity: target.publicIdentifier });
    expect(profile.profile_id).toBe(target.profileId);
    expect(client.voyager.lastWorked.get("profiles.get")).toBe("graphql");
    await h.control(`faults/${fault.id}`, undefined, "DELETE");
    await client.profiles.get({ kind: "vanity", vanity: target.publicIdentifier });
    expect(client.voyager.lastWorked.get("profiles.get")).toBe("dash");
  });

  it("every path retired (the legacy profileView is always 410): LINKEDIN_SCHEMA_CHANGED naming the operation", async () => {
    const a = (await h.control("faults", { kind: "gone", path: "/voyager/api/identity/dash/profiles" })) as {
      id: string;
    };
    const b = (await h.control("faults", { kind: "gone", path: "/voyager/api/graphql" })) as { id: string };
    const error = await client.profiles
      .get({ kind: "vanity", vanity: target.publicIdentifier })
      .catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("LINKEDIN_SCHEMA_CHANGED");
    expect((error as Error).message).toMatch(/^profiles\.get: every path is retired/);
    expect((error as Error).message).toContain("profileView");
    await h.control(`faults/${a.id}`, undefined, "DELETE");
    await h.control(`faults/${b.id}`, undefined, "DELETE");
  });

  it("a single-path operation whose path is retired is LINKEDIN_SCHEMA_CHANGED at once", async () => {
    const f = (await h.control("faults", { kind: "gone", path: "/voyager/api/relationships/dash/connections" })) as {
      id: string;
    };
    const error = await client.connections.list().catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("LINKEDIN_SCHEMA_CHANGED");
    expect((error as Error).message).toMatch(/^connections\.list:/);
    await h.control(`faults/${f.id}`, undefined, "DELETE");
  });

  it("strict persisted queries: the shipped hashes are accepted; a rotated one is LINKEDIN_SCHEMA_CHANGED", async () => {
    await h.control("settings", { strictQueryIds: true });
    const page = await client.search.byUrl("https://www.linkedin.com/search/results/people/?keywords=a", ["people"]);
    expect(page.results.length).toBeGreaterThan(0);
    const rotated = structuredClone(defaultProfile());
    rotated.queryIds.searchClusters = "voyagerSearchDashClusters.00000000000000000000000000000000";
    const stale = new SessionManager({
      baseUrl: h.sandbox.url,
      store: h.store,
      clock: systemClock,
      profile: loadProfile(rotated),
    });
    const accountId = await h.newAccount(persona("linus"));
    await stale.loginPassword(accountId, { email: persona("linus"), password: PASSWORD });
    const c = await stale.client(accountId);
    const error = await c.search
      .byUrl("https://www.linkedin.com/search/results/people/?keywords=a", ["people"])
      .catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("LINKEDIN_SCHEMA_CHANGED");
    expect((error as Error).message).toContain("PERSISTED_QUERY_NOT_FOUND");
    await stale.close();
    await h.control("settings", { strictQueryIds: false });
  });
});
