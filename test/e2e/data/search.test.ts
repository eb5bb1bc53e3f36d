import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { type Body, call, member, ok } from "./support.ts";

/** Searches of every variant end to end, from the URL a user copies to the paged results. */
describe("search", () => {
  let w: TestWelink;
  let ada: string;
  let linus: string;
  let margaret: string;
  const people = (params: Record<string, unknown>) =>
    `https://www.linkedin.com/search/results/people/?${Object.entries(params)
      .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === "string" ? v : JSON.stringify(v))}`)
      .join("&")}`;

  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite" });
    // A 1,000-result search is 100 page requests; LinkedIn's burst rule (60 a minute) would
    // answer 429 and cool the account down for 5 minutes. Pages are not paced here.
    await w.control("POST", "settings", { burstRequestsPerMinute: 100_000 });
    [ada, linus, margaret] = await Promise.all([
      w.login("ada@sandbox.welink.dev"),
      w.login("linus@sandbox.welink.dev"),
      w.login("margaret@sandbox.welink.dev"),
    ]);
    // These tests page through more results than a day's search quota (1,000; 2,500 for
    // Sales Navigator and Recruiter); search-quota.test.ts covers the quota itself.
    const limits = { search: { day: 100_000, month: 100_000 }, lead_search: { day: 100_000 } };
    for (const accountId of [ada, linus, margaret]) {
      expect((await w.api("set_limits", { accountId, limits })).status).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("maps network, location, company and keywords filters to LinkedIn's and honours them", async () => {
    const firsts = await ok(w, "search", { accountId: ada, search_url: people({ network: ["F"] }), limit: 30 });
    expect((firsts.results as Body[]).length).toBe(30);
    for (const r of firsts.results as Body[]) expect(r.distance).toBe("DISTANCE_1");

    const self = await member(w, "ada@sandbox.welink.dev");
    const full = (await w.control("GET", "members/ada@sandbox.welink.dev")) as Body;
    const inCompany = await ok(w, "search", {
      accountId: ada,
      search_url: people({ currentCompany: [String(full.companyId)], origin: "FACETED_SEARCH" }),
      limit: 20,
    });
    expect((inCompany.results as Body[]).length).toBeGreaterThan(0);
    for (const r of inCompany.results as Body[]) {
      const m = (await w.control("GET", `members/${r.id}`)) as Body;
      expect(m.companyId).toBe(full.companyId);
    }
    const byName = await ok(w, "search", {
      accountId: linus,
      search_url: people({ firstName: self.firstName, lastName: self.lastName }),
    });
    expect((byName.results as Body[]).map((r) => r.id)).toContain(self.profileId);
  });

  it("pages with limit and start, and stops at LinkedIn's 1,000-result cap", async () => {
    const url = people({ network: ["S", "O"] });
    const first = await ok(w, "search", { accountId: ada, search_url: url, limit: 25 });
    expect((first.results as Body[]).length).toBe(25);
    expect(first.next_start).toBe(25);
    const second = await ok(w, "search", { accountId: ada, search_url: url, limit: 25, start: 25 });
    const ids = new Set([...(first.results as Body[]), ...(second.results as Body[])].map((r) => r.id));
    expect(ids.size).toBe(50);

    const all = await ok(w, "search", { accountId: ada, search_url: url, limit: 1000 });
    expect((all.results as Body[]).length).toBe(1000);
    expect(all.total).toBe(1000);
    expect(all.next_start).toBeNull();
    expect(new Set((all.results as Body[]).map((r) => r.id)).size).toBe(1000);
  }, 90_000);

  it("searches companies, groups, posts and events on their own endpoints", async () => {
    const companies = await ok(w, "search", {
      accountId: ada,
      search_url: "https://www.linkedin.com/search/results/companies/?keywords=a",
    });
    for (const r of companies.results as Body[]) expect(r.type).toBe("COMPANIES");
    const cases: [string, string, string][] = [
      ["search_groups", "groups", "GROUPS"],
      ["search_posts", "content", "CONTENT"],
      ["search_events", "events", "EVENTS"],
    ];
    for (const [name, path, type] of cases) {
      const page = await ok(w, name, {
        accountId: ada,
        search_url: `https://www.linkedin.com/search/results/${path}/?keywords=e&origin=GLOBAL_SEARCH_HEADER`,
      });
      expect((page.results as Body[]).length, name).toBeGreaterThan(0);
      for (const r of page.results as Body[]) expect(r.type).toBe(type);
    }
  });

  it("refuses a URL of another variant or one it cannot read with UNKNOWN_SEARCH_URL", async () => {
    const refusals = await Promise.all([
      call(w, "search_groups", { accountId: ada, search_url: people({ keywords: "x" }) }),
      call(w, "search", { accountId: ada, search_url: "https://www.linkedin.com/jobs/search/?keywords=x" }),
      call(w, "search", { accountId: ada, search_url: people({ network: ["Z"] }) }),
      call(w, "sales_navigator_search", { accountId: linus, search_url: people({ keywords: "x" }) }),
      call(w, "recruiter_search", {
        accountId: margaret,
        search_url: "https://www.linkedin.com/talent/search?searchHistoryId=1",
      }),
    ]);
    for (const r of refusals) expect(r).toMatchObject({ status: "UNKNOWN_SEARCH_URL", scope: "request" });
  });

  it("runs Sales Navigator searches of both encodings, 25 a page up to 2,500, with a seat only", async () => {
    const linusMember = (await w.control("GET", "members/linus@sandbox.welink.dev")) as Body;
    const record = `(filters:List((type:RELATIONSHIP,values:List((id:S,text:2nd%20connections,selectionType:INCLUDED)))),recentSearchParam:(id:123,doLogHistory:true))`;
    const url = `https://www.linkedin.com/sales/search/people?query=${encodeURIComponent(record)}&sessionId=x%3D%3D`;
    const big = await ok(w, "sales_navigator_search", { accountId: linus, search_url: url, limit: 60 });
    expect((big.results as Body[]).length).toBe(60);
    expect(big.next_start).toBe(60);
    for (const r of big.results as Body[]) expect(r.degree).toBe(2);

    const flat = await ok(w, "sales_navigator_search", {
      accountId: linus,
      search_url: `https://www.linkedin.com/sales/search/people?currentCompany=${linusMember.companyId}&logHistory=true`,
      limit: 10,
    });
    expect((flat.results as Body[]).length).toBeGreaterThan(0);

    const wide = await ok(w, "sales_navigator_search", {
      accountId: linus,
      search_url: "https://www.linkedin.com/sales/search/people?keywords=",
      limit: 2500,
    });
    expect((wide.results as Body[]).length).toBe(2500);
    expect(wide.total).toBe(2500);

    const noSeat = await call(w, "sales_navigator_search", { accountId: ada, search_url: url });
    expect(noSeat.status).toBe("SALES_SEAT_REQUIRED");
  }, 90_000);

  it("runs Recruiter searches on the account's contract, by keywords or by names", async () => {
    const page = await ok(w, "recruiter_search", {
      accountId: margaret,
      search_url: "https://www.linkedin.com/talent/search?searchKeyword=engineer&uiOrigin=GLOBAL_SEARCH",
      limit: 40,
    });
    expect((page.results as Body[]).length).toBe(40);
    expect(page.next_start).toBe(40);
    expect(typeof page.contract_id).toBe("string");
    const grace = await member(w, "grace@sandbox.welink.dev");
    const named = await ok(w, "recruiter_search", {
      accountId: margaret,
      search_url: `https://www.linkedin.com/recruiter/smartsearch?firstName=${grace.firstName}&lastName=${grace.lastName}`,
    });
    expect((named.results as Body[]).some((r) => String(r.profile_url).endsWith(`/in/${grace.publicIdentifier}`))).toBe(
      true,
    );
    // A shared search keeps its filters as a Rest.li record; the contract comes from the path.
    const geo = ((await w.control("GET", "members/grace@sandbox.welink.dev")) as Body).geoId;
    const record = `(filters:List((type:REGION,values:List((id:urn%3Ali%3Ageo%3A${geo},text:London)))))`;
    const byRegion = await ok(w, "recruiter_search", {
      accountId: margaret,
      search_url: `https://www.linkedin.com/talent/hire/5002/discover/recruiterSearch?query=${encodeURIComponent(record)}&searchContextId=x`,
      limit: 10,
    });
    expect(byRegion.contract_id).toBe("5002");
    expect((byRegion.results as Body[]).length).toBe(10);
    for (const r of byRegion.results as Body[]) {
      const vanity = /\/in\/([^/?]+)/.exec(String(r.profile_url))?.[1] as string;
      expect(((await w.control("GET", `members/${vanity}`)) as Body).geoId).toBe(geo);
    }
  });
});
