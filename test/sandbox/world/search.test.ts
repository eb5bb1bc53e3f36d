import { describe, expect, it } from "vitest";
import { PERSONA_IDS } from "../../../src/sandbox/generator/personas.ts";
import { bareWorld, expectRefusal, smallWorld } from "./support.ts";

describe("people search", () => {
  const world = smallWorld(3, 2000);
  const ada = PERSONA_IDS.ada;

  it("caps totals at 1,000 and pages by 10", () => {
    const page = world.search.people(ada, {}, { start: 0, count: 50 });
    expect(page.total).toBe(1000);
    expect(page.elements).toHaveLength(10);
    expect(world.search.people(ada, {}, { start: 995 }).elements).toHaveLength(5);
    expect(world.search.people(ada, {}, { start: 1000 }).elements).toHaveLength(0);
  });

  it("filters by network degree", () => {
    const first = world.search.people(ada, { network: ["F"] });
    expect(first.total).toBe(150);
    expect(first.elements.every((e) => e.degree === 1)).toBe(true);
    const second = world.search.people(ada, { network: ["S"] }, { start: 0 });
    expect(second.elements.every((e) => e.degree === 2 && world.graph.degree(ada, e.member.memberId) === 2)).toBe(true);
  });

  it("filters by geo, company, industry, school, language, names and keywords", () => {
    const sample = world.members.list[100]!;
    const check = (filters: Parameters<typeof world.search.people>[1], pred: (m: typeof sample) => boolean) => {
      const page = world.search.people(ada, filters, { count: 10 });
      expect(page.total).toBeGreaterThan(0);
      for (const e of page.elements) expect(pred(e.member)).toBe(true);
    };
    check({ geoUrn: [String(sample.geoId)] }, (m) => m.geoId === sample.geoId);
    check({ currentCompany: [sample.companyId!] }, (m) => m.companyId === sample.companyId);
    check({ industry: [sample.industryId] }, (m) => m.industryId === sample.industryId);
    check({ schools: [sample.schoolId!] }, (m) => m.schoolId === sample.schoolId);
    check({ profileLanguage: ["fr"] }, (m) => m.languages.includes("fr"));
    check({ firstName: sample.firstName, lastName: sample.lastName }, (m) => m.lastName === sample.lastName);
    check({ title: sample.title }, (m) => m.title.includes(sample.title));
    check({ keywords: `${sample.firstName} ${sample.title}` }, (m) => m.firstName === sample.firstName);
    const withPast = world.members.list.find((m) => m.pastCompanyIds.length > 0)!;
    check({ pastCompany: [withPast.pastCompanyIds[0]!] }, (m) =>
      m.pastCompanyIds.includes(withPast.pastCompanyIds[0]!),
    );
    const grace = world.members.require(PERSONA_IDS.grace);
    check({ connectionOf: grace.profileId }, (m) => world.graph.areConnected(grace.memberId, m.memberId));
    check({ company: sample.companyName, school: sample.schoolName }, (m) => m.companyName === sample.companyName);
    const exact = world.search.people(ada, { keywords: sample.publicIdentifier.split("-").slice(0, 2).join(" ") });
    expect(exact.total).toBeGreaterThan(0);
  });

  it("Sales Navigator: seat required, 2,500 results, 25 a page", () => {
    expectRefusal(() => world.search.salesNavigator(ada, {}), "SALES_SEAT_REQUIRED");
    const page = world.search.salesNavigator(PERSONA_IDS.linus, {}, { count: 100 });
    expect(page.total).toBe(2008);
    expect(page.elements).toHaveLength(25);
  });

  it("free accounts: 300 people searches a calendar month", () => {
    const w = bareWorld(3, { start: Date.UTC(2026, 0, 10) });
    for (let i = 0; i < 300; i++) w.search.people(1, {});
    expectRefusal(() => w.search.people(1, {}), "COMMERCIAL_USE_LIMIT");
    w.members.require(2).tier = "premium";
    for (let i = 0; i < 310; i++) w.search.people(2, {});
    w.setTime(Date.UTC(2026, 1, 1));
    expect(w.search.people(1, {}).total).toBe(2);
  });

  it("searches companies, groups, events (private hidden) and posts", () => {
    const c = world.search.companies(ada, "sandbox");
    expect(c.elements.some((x) => x.universalName === "sandbox-widgets")).toBe(true);
    expect(world.search.groups(ada, "").total).toBeGreaterThan(0);
    const events = world.search.events(ada, "");
    expect(events.elements.every((e) => !e.private || e.attendeeIds.has(ada))).toBe(true);
    expect(world.search.posts(ada, "").total).toBeGreaterThan(0);
  });
});
