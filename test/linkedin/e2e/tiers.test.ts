import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import type { LinkedInClient } from "../../../src/linkedin/index.ts";
import { type Harness, PASSWORD, persona, startHarness } from "../harness.ts";

let h: Harness;
const clients: Record<string, LinkedInClient> = {};

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof WelinkError)) throw new Error(`expected a WelinkError, got ${JSON.stringify(e)}`);
  return e.code;
}

beforeAll(async () => {
  h = await startHarness({ seed: 71, members: 500 });
  await h.control("settings", { burstRequestsPerMinute: 100_000 });
  for (const name of ["ada", "admin", "linus", "margaret"]) {
    const accountId = await h.newAccount(persona(name));
    await h.sessions.loginPassword(accountId, { email: persona(name), password: PASSWORD });
    clients[name] = await h.sessions.client(accountId);
  }
});
afterAll(async () => {
  await h?.close();
});

describe("companies", () => {
  it("admin's pages: details by URL and id, follow toggles, invitations to follow", async () => {
    const admin = clients.admin!;
    const found = await admin.search.byUrl(
      "https://www.linkedin.com/search/results/companies/?keywords=a",
      ["companies"],
      { limit: 30 },
    );
    expect(found.results.length).toBeGreaterThan(0);
    const first = found.results[0]!;
    const vanity = /\/company\/([^/]+)/.exec(first.url ?? "")?.[1];
    const byUrl = await admin.companies.get({ kind: "vanity", vanity: vanity! });
    const byId = await admin.companies.get({ kind: "id", id: byUrl.company_id });
    expect(byId.name).toBe(byUrl.name);
    expect(await codeOf(admin.companies.get({ kind: "vanity", vanity: "no-such-company-zz" }))).toBe(
      "COMPANY_ID_NOT_FOUND",
    );
    expect(await codeOf(admin.companies.get({ kind: "id", id: "999999999" }))).toBe("404_COMPANY");
    await admin.companies.follow(byId.company_id, !byId.following);
    expect(await codeOf(admin.companies.follow(byId.company_id, !byId.following))).toBe("BAD_REQUEST");
  });

  it("inviting to follow: credits on the small page, TOO_MANY_FOLLOWERS on the big one, FORBIDDEN for a non-admin", async () => {
    const admin = clients.admin!;
    const friend = (await admin.connections.list(0, 1)).connections[0]!;
    const hits = await admin.search.byUrl(
      "https://www.linkedin.com/search/results/companies/?keywords=Sandbox",
      ["companies"],
      {
        limit: 20,
      },
    );
    const pages = [];
    let blank = 0;
    for (const hit of hits.results) {
      const c = await admin.companies.get({ kind: "id", id: hit.id }).catch((e: unknown) => {
        // A page that shows nothing is the seed's NO_COMPANY_DATA.
        if (e instanceof WelinkError && e.code === "NO_COMPANY_DATA") blank++;
        else throw e;
        return null;
      });
      if (c?.is_admin) pages.push(c);
    }
    expect(blank).toBeGreaterThan(0);
    const small = pages.find((p) => (p.followers ?? 0) <= 5000);
    const big = pages.find((p) => (p.followers ?? 0) > 5000);
    expect(small && big).toBeTruthy();
    const before = await admin.companies.followCredits(small!.company_id);
    const sent = await admin.companies.inviteToFollow(small!.company_id, [friend.profile_id]);
    expect(sent.sent).toBe(1);
    expect(sent.credits_remaining).toBe(before.credits_remaining - 1);
    expect(await codeOf(admin.companies.inviteToFollow(big!.company_id, [friend.profile_id]))).toBe(
      "TOO_MANY_FOLLOWERS",
    );
    expect(await codeOf(clients.ada!.companies.inviteToFollow(small!.company_id, [friend.profile_id]))).toBe(
      "FORBIDDEN",
    );
  });
});

describe("groups and events", () => {
  it("ada's groups, one group, its members; a group she is not in is NO_GROUP_DATA / UNAUTHORIZED_VIEWER", async () => {
    const ada = clients.ada!;
    const mine = await ada.groups.mine(0, 10);
    expect(mine.length).toBeGreaterThan(0);
    const g = await ada.groups.get(mine[0]!.group_id);
    expect(g.name).toBe(mine[0]!.name);
    const members = await ada.groups.members(g.group_id, 0, 10);
    expect(members.total).toBeGreaterThan(0);
    const others = await ada.search.byUrl("https://www.linkedin.com/search/results/groups/?keywords=a", ["groups"], {
      limit: 30,
    });
    const outside = others.results.find((r) => !mine.some((m) => m.group_id === r.id));
    if (outside) {
      expect(await codeOf(ada.groups.get(outside.id))).toBe("NO_GROUP_DATA");
      expect(await codeOf(ada.groups.members(outside.id))).toBe("UNAUTHORIZED_VIEWER");
    }
  });

  it("events: ada's events, details, EVENT_NOT_FOUND", async () => {
    const ada = clients.ada!;
    const events = await ada.events.mine();
    if (events.length) {
      const e = await ada.events.get(events[0]!.event_id);
      expect(e.name).toBe(events[0]!.name);
    }
    expect(await codeOf(ada.events.get("987654321"))).toBe("EVENT_NOT_FOUND");
  });
});

describe("Sales Navigator", () => {
  it("linus: lead search, a lead's profile, credits; ada: SALES_SEAT_REQUIRED before any call", async () => {
    const linus = clients.linus!;
    expect(linus.self.salesNavigator).toBe(true);
    const page = await linus.sales.search(
      "https://www.linkedin.com/sales/search/people?query=(filters:List((type:RELATIONSHIP,values:List((id:F)))))",
      { limit: 30 },
    );
    expect(page.results.length).toBe(30);
    expect(page.total).toBeLessThanOrEqual(2500);
    const lead = page.results[0]!;
    const token = /,NAME_SEARCH,([^)]+)\)/.exec(lead.lead_urn)?.[1] ?? "";
    const profile = await linus.sales.profile(lead.sales_id, token);
    expect(profile.sales_id).toBe(lead.sales_id);
    const credits = await linus.sales.credits();
    expect(credits.credit_balance).toBeGreaterThan(0);
    expect(await codeOf(clients.ada!.sales.credits())).toBe("SALES_SEAT_REQUIRED");
    expect(
      await codeOf(clients.ada!.sales.search("https://www.linkedin.com/sales/search/people?query=(keywords:x)")),
    ).toBe("SALES_SEAT_REQUIRED");
  });

  it("linus: InMail to a lead, then the thread; a foreign sender id is MESSAGE_VALIDATION_PLUGIN_ERROR", async () => {
    const linus = clients.linus!;
    const page = await linus.sales.search("https://www.linkedin.com/sales/search/people?query=(keywords:a)", {
      limit: 5,
    });
    const lead = page.results.find((l) => l.degree !== 1) ?? page.results[0]!;
    const sent = await linus.sales.send({
      recipients: [lead.lead_urn],
      subject: "Hello",
      body: "A Sales Navigator InMail",
    });
    expect(sent.thread_id).toBeTruthy();
    const messages = await linus.sales.messages(sent.thread_id);
    expect(messages.map((m) => m.text)).toContain("A Sales Navigator InMail");
    expect(await codeOf(linus.sales.send({ threadId: sent.thread_id, body: "x", senderId: "ACwAAnotmine" }))).toBe(
      "MESSAGE_VALIDATION_PLUGIN_ERROR",
    );
    expect(await codeOf(linus.sales.send({ threadId: "nope-thread", body: "x" }))).toBe(
      "THREAD_VALIDATION_PLUGIN_ERROR",
    );
  });
});

describe("Recruiter", () => {
  it("margaret: contracts, session, credits, search; a second session needs acknowledgement and the first loses it", async () => {
    const margaret = clients.margaret!;
    const contracts = await margaret.recruiter.contracts();
    expect(contracts.length).toBe(2);
    const contract = contracts[0]!.contract_id;
    const credits = await margaret.recruiter.credits(contract);
    expect(credits.credit_balance).toBeGreaterThan(0);
    const found = await margaret.recruiter.search(contract, "https://www.linkedin.com/talent/search?keywords=a");
    expect(found.results[0]?.recruiter_id).toMatch(/^AEMAA/);

    // A second welink session of the same member (another account row, same LinkedIn member).
    const other = await h.newAccount(persona("margaret"));
    await h.sessions.loginPassword(other, { email: persona("margaret"), password: PASSWORD });
    const second = await h.sessions.client(other);
    expect(await codeOf(second.recruiter.credits(contract))).toBe("RECRUITER_ACKNOWLEDGEMENT_REQUIRED");
    await second.recruiter.open(contract, true);
    expect((await second.recruiter.credits(contract)).credit_balance).toBeGreaterThan(0);
    expect(await codeOf(margaret.recruiter.credits(contract))).toBe("RECRUITER_AUTH_REQUIRED");

    expect(await codeOf(clients.ada!.recruiter.contracts())).toBe("RECRUITER_LOGIN_SUBMISSION_FAILED");
  });

  it("InMail to a candidate found by profile", async () => {
    const m = (await h.control("members?start=0&count=5&tier=free")) as { elements: { profileId: string }[] };
    const other = await h.newAccount(persona("margaret"));
    await h.sessions.loginPassword(other, { email: persona("margaret"), password: PASSWORD });
    const margaret = await h.sessions.client(other);
    const contract = (await margaret.recruiter.contracts())[1]!.contract_id;
    await margaret.recruiter.open(contract, true);
    const p = await margaret.profiles.get({ kind: "id", id: m.elements[0]!.profileId });
    const recruiterId = await margaret.recruiter.candidateFor(contract, {
      firstName: p.first_name,
      lastName: p.last_name,
      publicIdentifier: p.public_identifier ?? "",
    });
    const sent = await margaret.recruiter.message({
      contractId: contract,
      recruiterId,
      subject: "Role",
      body: "Interested?",
    });
    expect(sent.message_id).toBeTruthy();
  });

  it("a Recruiter session survives a restart (another process reuses li_rt, no acknowledgement needed)", async () => {
    const accountId = await h.newAccount(persona("margaret"));
    await h.sessions.loginPassword(accountId, { email: persona("margaret"), password: PASSWORD });
    const first = await h.sessions.client(accountId);
    const contract = (await first.recruiter.contracts())[0]!.contract_id;
    await first.recruiter.open(contract, true);
    await first.recruiter.credits(contract);
    const restarted = await h.managerFor().client(accountId);
    expect((await restarted.recruiter.credits(contract)).credit_balance).toBeGreaterThan(0);
  });
});
