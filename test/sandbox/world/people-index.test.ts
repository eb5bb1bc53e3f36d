/**
 * The indexed people search answers exactly what a scan of every member answers: same
 * members, same order, same degrees, same totals and pages, over random queries (fixed
 * seed) mixing keywords, facets, network, connectionOf, text filters and paging; and it
 * stays exact when members are added, connections change, or a member's fields change.
 */

import { describe, expect, it } from "vitest";
import { generateWorld } from "../../../src/sandbox/generator/generate.ts";
import type { Degree } from "../../../src/sandbox/world/graph.ts";
import { SeededRandom } from "../../../src/sandbox/world/random.ts";
import type { Paging, PeopleFilters } from "../../../src/sandbox/world/search.ts";
import type { Member } from "../../../src/sandbox/world/types.ts";
import type { World } from "../../../src/sandbox/world/world.ts";
import { plainMember } from "./support.ts";

/** The reference: the full scan people search was before the index. */
function scan(world: World, viewerId: number, f: PeopleFilters): { member: Member; degree: Degree }[] {
  const { graph, members } = world;
  const lower = (s: string) => s.toLowerCase();
  const terms = lower(f.keywords ?? "")
    .split(/\s+/)
    .filter((t) => t !== "");
  const set = (xs?: (number | string)[]) => (xs && xs.length > 0 ? new Set(xs.map(String)) : null);
  const [geo, current, past, industry, schools] = [
    f.geoUrn,
    f.currentCompany,
    f.pastCompany,
    f.industry,
    f.schools,
  ].map(set);
  const langs = f.profileLanguage && f.profileLanguage.length > 0 ? new Set(f.profileLanguage) : null;
  const network = f.network && f.network.length > 0 ? new Set(f.network) : null;
  const of = f.connectionOf ? members.byProfileId(f.connectionOf) : undefined;
  if (f.connectionOf && !of) return [];
  const has = (field: string, needle?: string) => !needle || lower(field).includes(lower(needle.trim()));
  const out: { member: Member; degree: Degree }[][] = [[], [], []];
  for (const m of members.list) {
    if (m.memberId === viewerId) continue;
    if (geo && !geo.has(String(m.geoId))) continue;
    if (current && !current.has(String(m.companyId))) continue;
    if (past && !m.pastCompanyIds.some((c) => past.has(String(c)))) continue;
    if (industry && !industry.has(String(m.industryId))) continue;
    if (schools && !schools.has(String(m.schoolId))) continue;
    if (langs && !m.languages.some((l) => langs.has(l))) continue;
    if (!has(m.firstName, f.firstName) || !has(m.lastName, f.lastName) || !has(m.title, f.title)) continue;
    if (!has(m.companyName, f.company) || !has(m.schoolName, f.school)) continue;
    if (of && !graph.areConnected(of.memberId, m.memberId)) continue;
    const text = lower(
      [m.firstName, m.lastName, m.headline, m.title, m.companyName, m.location, m.industry, m.schoolName].join(" "),
    );
    if (!terms.every((t) => text.includes(t))) continue;
    const degree = graph.degree(viewerId, m.memberId) as 1 | 2 | 3;
    if (network && !network.has(degree === 1 ? "F" : degree === 2 ? "S" : "O")) continue;
    out[degree - 1]?.push({ member: m, degree });
  }
  return out.flat();
}

/** What the scan answers for one page, with the search's cap and page size. */
function scanPage(world: World, viewerId: number, f: PeopleFilters, paging: Paging, cap: number, size: number) {
  const hits = scan(world, viewerId, f);
  const start = Math.max(0, Math.floor(paging.start ?? 0));
  const count = Math.min(size, Math.max(0, Math.floor(paging.count ?? size)));
  const total = Math.min(hits.length, cap);
  const end = Math.min(start + count, total);
  return { total, start, count, elements: start < end ? hits.slice(start, end) : [] };
}

const ids = (page: { elements: { member: Member; degree: Degree }[] }) =>
  page.elements.map((e) => [e.member.memberId, e.degree]);

/** A random query built from the world's own values, some of them matching nothing. */
function randomQuery(world: World, r: SeededRandom): { viewer: number; filters: PeopleFilters } {
  const list = world.members.list;
  const pick = () => list[r.int(0, list.length - 1)] as Member;
  const f: PeopleFilters = {};
  const chance = (p: number) => r.next() < p;
  if (chance(0.6)) {
    const words: string[] = [];
    for (let k = r.int(1, 3); k > 0; k--) {
      const m = pick();
      const text = [m.firstName, m.lastName, m.headline, m.title, m.companyName, m.location, m.industry, m.schoolName];
      const word = (r.pick(text.join(" ").split(/\s+/)) ?? "").replace(/[^\p{L}\p{N}]/gu, "");
      const a = r.int(0, Math.max(0, word.length - 1));
      const part = chance(0.5) ? word : word.slice(a, a + r.int(1, 5));
      words.push(chance(0.3) ? part.toUpperCase() : part);
    }
    if (chance(0.1)) words.push("zzqx");
    f.keywords = ` ${words.join(chance(0.5) ? " " : "  \t")} `;
  }
  if (chance(0.25)) f.geoUrn = [chance(0.5) ? pick().geoId : String(pick().geoId)];
  if (chance(0.2)) f.currentCompany = [String(pick().companyId), ...(chance(0.3) ? [String(pick().companyId)] : [])];
  if (chance(0.15)) f.pastCompany = pick().pastCompanyIds.slice(0, 2);
  if (chance(0.2)) f.industry = [pick().industryId, pick().industryId];
  if (chance(0.15)) f.schools = [String(pick().schoolId)];
  if (chance(0.15)) f.profileLanguage = [r.pick(["en", "fr", "de", "es", "pt", "xx"]) as string];
  if (chance(0.4)) f.network = (["F", "S", "O"] as const).filter(() => chance(0.5));
  if (chance(0.1)) f.connectionOf = chance(0.8) ? pick().profileId : "ACoAAnobody";
  if (chance(0.1)) f.firstName = pick().firstName.slice(0, 3);
  if (chance(0.1)) f.title = ` ${pick().title.split(" ")[0]} `;
  if (chance(0.05)) f.company = pick().companyName;
  if (chance(0.05)) f.school = pick().schoolName.slice(2, 8);
  if (chance(0.05)) f.lastName = pick().lastName.toLowerCase();
  return { viewer: pick().memberId, filters: f };
}

describe("people index", () => {
  it("answers every query as the full scan does: whole ordered lists (no cap)", () => {
    const world = generateWorld({
      seed: 11,
      members: 1500,
      settings: { freeSearchesPerMonth: 1e9, searchResultCap: 1e9, searchPageSize: 1e9 },
    });
    const r = new SeededRandom(2024);
    let nonEmpty = 0;
    for (let q = 0; q < 400; q++) {
      const { viewer, filters } = randomQuery(world, r);
      const got = world.search.people(viewer, filters);
      const want = scan(world, viewer, filters);
      expect(ids(got), JSON.stringify(filters)).toEqual(ids({ elements: want }));
      expect(got.total).toBe(want.length);
      if (want.length > 0) nonEmpty++;
    }
    // The random queries exercise both empty and non-empty answers.
    expect(nonEmpty).toBeGreaterThan(150);
    expect(nonEmpty).toBeLessThan(400);
  });

  it("answers the same pages, caps and page sizes (people and Recruiter caps)", () => {
    const world = generateWorld({ seed: 5, members: 1200, settings: { freeSearchesPerMonth: 1e9 } });
    const { searchResultCap, searchPageSize, salesSearchResultCap, salesSearchPageSize } = world.settings;
    const r = new SeededRandom(77);
    for (let q = 0; q < 300; q++) {
      const { viewer, filters } = randomQuery(world, r);
      const paging: Paging = r.next() < 0.1 ? {} : { start: r.int(0, 1100), count: r.int(0, 40) };
      if (r.next() < 0.1) paging.start = (paging.start ?? 0) + 0.5;
      expect(world.search.people(viewer, filters, paging)).toEqual(
        scanPage(world, viewer, filters, paging, searchResultCap, searchPageSize),
      );
      expect(world.search.recruiter(viewer, filters, paging)).toEqual(
        scanPage(world, viewer, filters, paging, salesSearchResultCap, salesSearchPageSize),
      );
    }
  });

  it("stays exact when members are added, connections change and a member's fields change", () => {
    const world = generateWorld({
      seed: 3,
      members: 400,
      settings: { freeSearchesPerMonth: 1e9, searchResultCap: 1e9, searchPageSize: 1e9 },
    });
    const viewer = world.members.list[10] as Member;
    const query: PeopleFilters = { keywords: "zebrafish" };
    expect(world.search.people(viewer.memberId, query).total).toBe(0);
    const added = world.members.add({ ...plainMember(900_001, world.now()), headline: "Zebrafish geneticist" });
    expect(ids(world.search.people(viewer.memberId, query))).toEqual([[added.memberId, 3]]);
    world.graph.connect(viewer.memberId, added.memberId, world.now());
    expect(ids(world.search.people(viewer.memberId, { ...query, network: ["F"] }))).toEqual([[added.memberId, 1]]);
    world.graph.disconnect(viewer.memberId, added.memberId);
    expect(world.search.people(viewer.memberId, { ...query, network: ["F"] }).total).toBe(0);

    const other = world.members.list[20] as Member;
    other.title = "Zebrafish wrangler";
    other.geoId = 4242;
    world.search.memberChanged(other.memberId);
    const r = new SeededRandom(9);
    for (const f of [query, { geoUrn: ["4242"] }, { keywords: "wrangl" }, { geoUrn: [String(viewer.geoId)] }]) {
      expect(ids(world.search.people(viewer.memberId, f))).toEqual(ids({ elements: scan(world, viewer.memberId, f) }));
    }
    for (let q = 0; q < 100; q++) {
      const { viewer: v, filters } = randomQuery(world, r);
      expect(ids(world.search.people(v, filters))).toEqual(ids({ elements: scan(world, v, filters) }));
    }
  });
});
