/** Cross-cutting protocol rules: the request burst, search paging and caps, query-id strictness, drift. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { control, enc, loggedIn, NORMALIZED, persona } from "./client.ts";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 11 });
});
afterAll(() => sandbox.close());

const SEARCH = "voyagerSearchDashClusters.ef3d0937fb65bd7812e32e5a85028e79";
const search = (vars: string, queryId = SEARCH) => `/voyager/api/graphql?variables=${vars}&queryId=${queryId}`;

describe("request burst", () => {
  it("the 61st request in a minute is 429 without a code, for 5 minutes, then service resumes", async () => {
    const members = await control(sandbox.url, "GET", "/members?tier=premium&start=3&count=1");
    const client = await loggedIn(sandbox.url, members.json.elements[0].email);
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await client.get("/voyager/api/me")).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    const limited = await client.get("/voyager/api/me", NORMALIZED);
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBeUndefined();
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(200);
    await control(sandbox.url, "POST", "/clock", { advance: "5m" });
    expect((await client.get("/voyager/api/me")).status).toBe(200);
  });
});

describe("search", () => {
  it("pages 10 at a time up to the 1,000 cap, with filters", async () => {
    const client = await loggedIn(sandbox.url, persona("grace"));
    const vars = (start: number) =>
      `(start:${start},origin:FACETED_SEARCH,query:(flagshipSearchIntent:SEARCH_SRP,queryParameters:List((key:resultType,value:List(PEOPLE))),includeFiltersInResponse:false))`;
    const first = await client.get(search(vars(0)));
    const root = first.json.data.searchDashClustersByAll;
    expect(root.paging.total).toBe(1000);
    expect(root.elements[0].items).toHaveLength(10);
    const second = await client.get(search(vars(10)));
    const a = root.elements[0].items.map(
      (i: { item: { entityResult: { entityUrn: string } } }) => i.item.entityResult.entityUrn,
    );
    const b = second.json.data.searchDashClustersByAll.elements[0].items.map(
      (i: { item: { entityResult: { entityUrn: string } } }) => i.item.entityResult.entityUrn,
    );
    expect(a.some((u: string) => b.includes(u))).toBe(false);
    const beyond = await client.get(search(vars(1000)));
    expect(beyond.json.data.searchDashClustersByAll.elements).toEqual([]);

    const me = sandbox.world.members.byEmailAddress(persona("grace"));
    const connectionOf = await client.get(
      search(
        `(start:0,origin:FACETED_SEARCH,query:(queryParameters:List((key:resultType,value:List(PEOPLE)),(key:network,value:List(F)),(key:connectionOf,value:List(${me?.profileId})))))`,
      ),
    );
    const total = connectionOf.json.data.searchDashClustersByAll.paging.total;
    expect(total).toBe(Math.min(1000, sandbox.world.graph.count(me?.memberId ?? 0)));

    const bad = await client.get(search("(start:0,query:(queryParameters:List((key:nonsense,value:List(x)))))"));
    expect(bad.status).toBe(400);
    const companies = await client.get(
      search(`(start:0,query:(keywords:${enc("a")},queryParameters:List((key:resultType,value:List(COMPANIES)))))`),
    );
    const item = companies.json.data.searchDashClustersByAll.elements[0]?.items[0]?.item.entityResult;
    expect(item.navigationUrl).toContain("/company/");
  });

  it("free accounts: the 301st search in a month is 429 COMMERCIAL_USE_LIMIT_REACHED", async () => {
    const members = await control(sandbox.url, "GET", "/members?tier=free&start=40&count=1");
    const client = await loggedIn(sandbox.url, members.json.elements[0].email);
    await control(sandbox.url, "POST", "/settings", { burstRequestsPerMinute: 100_000 });
    const vars = "(start:0,query:(keywords:x))";
    let last = 0;
    for (let i = 0; i < 300; i++) last = (await client.get(search(vars))).status;
    expect(last).toBe(200);
    const over = await client.get(search(vars));
    expect(over.status).toBe(429);
    expect(over.json.code).toBe("COMMERCIAL_USE_LIMIT_REACHED");
    await control(sandbox.url, "POST", "/settings", { burstRequestsPerMinute: 60 });
  });
});

describe("protocol profile and drift", () => {
  it("routes on the query name; strict mode refuses unknown hashes", async () => {
    const client = await loggedIn(sandbox.url, persona("linus"));
    const vars = "(start:0,query:(keywords:x))";
    expect((await client.get(search(vars, "voyagerSearchDashClusters.00000000000000000000000000000000"))).status).toBe(
      200,
    );
    expect((await client.get(search(vars, "voyagerUnknownThing.abc"))).json.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    await control(sandbox.url, "POST", "/settings", { strictQueryIds: true });
    try {
      const refused = await client.get(search(vars, "voyagerSearchDashClusters.00000000000000000000000000000000"));
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe("PERSISTED_QUERY_NOT_FOUND");
      expect(
        (await client.get(search(vars, "voyagerSearchDashClusters.bb967969ef89137e6dec45d038310505"))).status,
      ).toBe(200);
    } finally {
      await control(sandbox.url, "POST", "/settings", { strictQueryIds: false });
    }
    const profile = await control(sandbox.url, "GET", "/protocol");
    expect(profile.json.version).toBe("sandbox-2026.11");
  });

  it("410 on a drifted path; profileView is always gone; unknown paths 404", async () => {
    const client = await loggedIn(sandbox.url, persona("linus"));
    await control(sandbox.url, "POST", "/faults", { kind: "gone", path: "/voyager/api/identity/dash/profiles" });
    const drifted = await client.get("/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=someone");
    expect(drifted.status).toBe(410);
    await control(sandbox.url, "DELETE", "/faults");
    expect(
      (await client.get("/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=someone")).status,
    ).toBe(200);
    expect((await client.get("/voyager/api/identity/profiles/someone/profileView")).status).toBe(410);
    expect((await client.get("/voyager/api/nothing/here")).status).toBe(404);
  });

  it("html_interstitial answers HTML with status 200 where JSON was expected", async () => {
    const client = await loggedIn(sandbox.url, persona("linus"));
    await control(sandbox.url, "POST", "/faults", { kind: "html_interstitial", member: persona("linus"), count: 1 });
    const reply = await client.get("/voyager/api/me");
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toContain("text/html");
    expect(reply.text).toContain("<!DOCTYPE html>");
  });

  it("a reset with a seed rebuilds the world and drops sessions", async () => {
    const client = await loggedIn(sandbox.url, persona("admin"));
    const reset = await control(sandbox.url, "POST", "/reset", { seed: 12 });
    expect(reset.json.seed).toBe(12);
    expect((await client.get("/voyager/api/me")).status).toBe(401);
    const health = await control(sandbox.url, "GET", "/health");
    expect(health.json.seed).toBe(12);
  });
});

describe("pushback", () => {
  it("injected 429s count: acting again after three restricts; the control API lifts it", async () => {
    const members = await control(sandbox.url, "GET", "/members?tier=premium&start=7&count=1");
    const email = members.json.elements[0].email;
    const client = await loggedIn(sandbox.url, email);
    await control(sandbox.url, "POST", "/faults", { kind: "429", member: email, count: 3 });
    for (let i = 0; i < 3; i++) expect((await client.get("/voyager/api/me")).status).toBe(429);
    const target = sandbox.world.members.list.find((m) => m.memberId > 200500 && !m.restricted);
    const write = await client.post(
      "/voyager/api/voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreateV2",
      {
        invitee: { inviteeUnion: { memberProfile: `urn:li:fsd_profile:${target?.profileId}` } },
      },
    );
    expect(write.status).toBe(403);
    expect(write.json.code).toBe("ACCOUNT_RESTRICTED");
    expect((await client.get("/voyager/api/me")).status).toBe(403);
    await control(sandbox.url, "POST", "/restrictions/lift", { member: email });
    expect((await client.get("/voyager/api/me")).status).toBe(200);
  });
});
