import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { type Body, call, member, ok, type SandboxMember } from "./support.ts";

/**
 * Profiles end to end: the public API, the engine, the driver and the embedded sandbox,
 * with every result read from a signed webhook.
 */
describe("profiles and profile views", () => {
  let w: TestWelink;
  let ada: string;
  let grace: SandboxMember;

  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite" });
    ada = await w.login("ada@sandbox.welink.dev");
    grace = await member(w, "grace@sandbox.welink.dev");
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("reads a profile with experience, education, skills, location, headline, tiers and degree", async () => {
    const p = await ok(w, "get_profile_details", {
      accountId: ada,
      profile_url: `https://www.linkedin.com/in/${grace.publicIdentifier}/?originalSubdomain=uk`,
    });
    expect(p).toMatchObject({
      profile_id: grace.profileId,
      public_identifier: grace.publicIdentifier,
      first_name: "Grace",
      last_name: "Hopper",
      degree: 1,
      connection_status: "CONNECTED",
      is_premium: true,
      tiers: { premium: true },
    });
    expect(typeof p.headline).toBe("string");
    expect(typeof p.location).toBe("string");
    expect((p.experience as Body[]).length).toBeGreaterThan(0);
    expect((p.experience as Body[])[0]).toHaveProperty("company");
    expect((p.education as Body[])[0]).toHaveProperty("school");
    expect((p.skills as Body[]).map((s) => s.name)).toContain("TypeScript");
  });

  it("resolves every form people paste to the same member", async () => {
    const full = await member(w, grace.profileId);
    const inputs: Body[] = [
      { profile_url: `linkedin.com/in/${grace.publicIdentifier}` },
      { profile_url: `https://de.linkedin.com/in/${grace.publicIdentifier}/` },
      { profile_url: `http://www.linkedin.com/in/${grace.publicIdentifier}?trk=public_profile_browsemap` },
      { profile_url: `https://www.linkedin.com/in/${grace.profileId}/` },
      { profile_url: `https://www.linkedin.com/sales/lead/${full.salesId},NAME_SEARCH,aBc1` },
      { profile_url: `https://www.linkedin.com/talent/profile/${full.recruiterId}?project=1` },
      { public_identifier: grace.publicIdentifier },
      { profile_id: grace.profileId },
      { profile_id: `urn:li:fsd_profile:${grace.profileId}` },
    ];
    const results = await Promise.all(inputs.map((i) => ok(w, "get_profile_details", { accountId: ada, ...i })));
    for (const r of results) expect(r.profile_id).toBe(grace.profileId);
  });

  it("answers 404_PROFILE_ID for malformed input and PROFILE_NOT_FOUND for nobody", async () => {
    const malformed = await call(w, "get_profile_details", {
      accountId: ada,
      profile_url: "https://www.linkedin.com/company/analytical-engines/",
    });
    expect(malformed).toMatchObject({ status: "404_PROFILE_ID", retryable: false });
    const badId = await call(w, "view_profile", { accountId: ada, profile_id: "urn:li:fsd_profile:%%%" });
    expect(badId.status).toBe("404_PROFILE_ID");
    const nobody = await call(w, "get_profile_details", { accountId: ada, public_identifier: "no-such-member-x9z" });
    expect(nobody.status).toBe("PROFILE_NOT_FOUND");
  });

  it("reads contact details a connection shares, and refuses hidden ones", async () => {
    const c = await ok(w, "get_profile_contact_details", { accountId: ada, profile_id: grace.profileId });
    expect(c.profile_id).toBe(grace.profileId);
    expect(c.email).toBe("grace@sandbox.welink.dev");
    // A 3rd-degree member whose contact info is for connections only.
    const far = await ok(w, "search", {
      accountId: ada,
      search_url: `https://www.linkedin.com/search/results/people/?network=${encodeURIComponent('["O"]')}`,
      limit: 30,
    });
    let hidden: string | undefined;
    for (const r of far.results as Body[]) {
      const m = await member(w, String(r.id));
      if (m.contactInfo?.visibility !== "everyone") {
        hidden = String(r.id);
        break;
      }
    }
    expect(hidden).toBeDefined();
    const refused = await call(w, "get_profile_contact_details", { accountId: ada, profile_id: hidden });
    expect(refused.status).toBe("CONTACT_INFO_FETCH_FAILED");
  });

  it("counts a view_profile as a view the member sees in profile_views", async () => {
    const before = (await w.control("GET", `counters/${encodeURIComponent("ada@sandbox.welink.dev")}`)) as Body;
    const target = ((await w.control("GET", "members?tier=free&start=200&count=1")) as { elements: SandboxMember[] })
      .elements[0] as SandboxMember;
    const viewed = await ok(w, "view_profile", { accountId: ada, public_identifier: target.publicIdentifier });
    expect(viewed).toMatchObject({ viewed: true, profile_id: target.profileId });
    const after = (await w.control("GET", `counters/${encodeURIComponent("ada@sandbox.welink.dev")}`)) as Body;
    expect(Number(after.profileViews)).toBe(Number(before.profileViews ?? 0) + 1);

    const targetAccount = await w.login(target.email);
    const views = await ok(w, "profile_views", { accountId: targetAccount });
    expect(Number(views.total)).toBeGreaterThan(0);
    const viewer = (views.data as Body[]).find((v) => v.public_identifier === "ada-lovelace");
    expect(viewer).toMatchObject({ first_name: "Ada", last_name: "Lovelace" });
    expect(typeof viewer?.time).toBe("number");
  });

  it("answers NO_VIEWERS_FOUND when nobody looked", async () => {
    const lonely = ((await w.control("GET", "members?tier=free&start=400&count=1")) as { elements: SandboxMember[] })
      .elements[0] as SandboxMember;
    const account = await w.login(lonely.email);
    const first = await call(w, "profile_views", { accountId: account });
    // Generated members may have history; move the clock past the 90-day window if so.
    if (first.status === "SUCCESS") {
      await w.control("POST", "clock", { advance: "100d" });
      expect((await call(w, "profile_views", { accountId: account })).status).toBe("NO_VIEWERS_FOUND");
    } else expect(first.status).toBe("NO_VIEWERS_FOUND");
  });
});
