/**
 * Search over members (with the filters of LinkedIn's people search), companies, groups,
 * events and posts, with LinkedIn's caps: 1,000 results a query at 10 a page (Sales
 * Navigator 2,500 at 25), and free accounts' 300 people searches a month
 * (COMMERCIAL_USE_LIMIT).
 */

import { monthKey, type WorldClock } from "./clock.ts";
import type { Companies } from "./companies.ts";
import type { Counters } from "./counters.ts";
import type { Events } from "./events.ts";
import type { Degree, Graph } from "./graph.ts";
import type { Groups } from "./groups.ts";
import type { Members } from "./members.ts";
import type { Posts } from "./posts.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";
import type { Company, Group, Member, Post, SandboxEvent } from "./types.ts";

/** People-search filters, named as the GraphQL filter keys (voyager.md §5). */
export interface PeopleFilters {
  keywords?: string;
  /** "F" 1st, "S" 2nd, "O" 3rd and beyond. */
  network?: ("F" | "S" | "O")[];
  geoUrn?: (number | string)[];
  currentCompany?: (number | string)[];
  pastCompany?: (number | string)[];
  industry?: (number | string)[];
  schools?: (number | string)[];
  profileLanguage?: string[];
  /** A profile id (ACoAA…): only that member's connections. */
  connectionOf?: string;
  firstName?: string;
  lastName?: string;
  title?: string;
  company?: string;
  school?: string;
}

export interface Paging {
  start?: number;
  count?: number;
}

export interface Page<T> {
  /** Matches, capped at the search's result cap (what LinkedIn reports as the total). */
  total: number;
  start: number;
  count: number;
  elements: T[];
}

export interface SearchDeps {
  members: Members;
  graph: Graph;
  companies: Companies;
  groups: Groups;
  events: Events;
  posts: Posts;
  clock: WorldClock;
  settings: WorldSettings;
  counters: Counters;
}

export class Search {
  private readonly text = new Map<number, string>();
  /** memberId → month → people searches. */
  private readonly monthly = new Map<number, Map<string, number>>();

  constructor(private readonly deps: SearchDeps) {}

  /** People search as `viewerId`; each call counts as one search. */
  people(viewerId: number, filters: PeopleFilters, paging: Paging = {}): Page<{ member: Member; degree: Degree }> {
    const viewer = this.deps.members.require(viewerId);
    this.countSearch(viewer);
    return this.runPeople(
      viewer,
      filters,
      paging,
      this.deps.settings.searchResultCap,
      this.deps.settings.searchPageSize,
    );
  }

  /** Sales Navigator lead search: SALES_SEAT_REQUIRED without a seat; 2,500 results, 25 a page. */
  salesNavigator(
    viewerId: number,
    filters: PeopleFilters,
    paging: Paging = {},
  ): Page<{ member: Member; degree: Degree }> {
    const viewer = this.deps.members.require(viewerId);
    if (viewer.tier !== "sales_navigator") refuse("SALES_SEAT_REQUIRED", "no Sales Navigator seat");
    this.deps.counters.bump(viewerId, "searches");
    const { salesSearchResultCap, salesSearchPageSize } = this.deps.settings;
    return this.runPeople(viewer, filters, paging, salesSearchResultCap, salesSearchPageSize);
  }

  /** Recruiter search (the caller checked the Recruiter session with `sessions.requireRecruiter`). */
  recruiter(viewerId: number, filters: PeopleFilters, paging: Paging = {}): Page<{ member: Member; degree: Degree }> {
    const viewer = this.deps.members.require(viewerId);
    this.deps.counters.bump(viewerId, "searches");
    const { salesSearchResultCap, salesSearchPageSize } = this.deps.settings;
    return this.runPeople(viewer, filters, paging, salesSearchResultCap, salesSearchPageSize);
  }

  /** People searches this member ran this calendar month. */
  searchesThisMonth(memberId: number): number {
    return this.monthly.get(memberId)?.get(monthKey(this.deps.clock.now())) ?? 0;
  }

  companies(viewerId: number, keywords: string, paging: Paging = {}): Page<Company> {
    this.deps.counters.bump(viewerId, "searches");
    const terms = tokens(keywords);
    const hits = this.deps.companies.list.filter((c) => matches(`${c.name} ${c.universalName} ${c.industry}`, terms));
    return this.page(hits, paging, this.deps.settings.searchResultCap, this.deps.settings.searchPageSize);
  }

  groups(viewerId: number, keywords: string, paging: Paging = {}): Page<Group> {
    this.deps.counters.bump(viewerId, "searches");
    const terms = tokens(keywords);
    const hits = this.deps.groups.list.filter((g) => matches(`${g.name} ${g.description}`, terms));
    return this.page(hits, paging, this.deps.settings.searchResultCap, this.deps.settings.searchPageSize);
  }

  /** Events; private events only for those inside them. */
  events(viewerId: number, keywords: string, paging: Paging = {}): Page<SandboxEvent> {
    this.deps.counters.bump(viewerId, "searches");
    const terms = tokens(keywords);
    const hits = this.deps.events.list.filter(
      (e) => (!e.private || e.attendeeIds.has(viewerId)) && matches(`${e.name} ${e.description}`, terms),
    );
    return this.page(hits, paging, this.deps.settings.searchResultCap, this.deps.settings.searchPageSize);
  }

  /** Posts, newest first. */
  posts(viewerId: number, keywords: string, paging: Paging = {}): Page<Post> {
    this.deps.counters.bump(viewerId, "searches");
    const terms = tokens(keywords);
    const hits = this.deps.posts.list.filter((p) => !p.deleted && matches(p.text, terms)).reverse();
    return this.page(hits, paging, this.deps.settings.searchResultCap, this.deps.settings.searchPageSize);
  }

  private countSearch(viewer: Member): void {
    this.deps.counters.bump(viewer.memberId, "searches");
    if (viewer.tier !== "free") return;
    const month = monthKey(this.deps.clock.now());
    let months = this.monthly.get(viewer.memberId);
    if (!months) {
      months = new Map();
      this.monthly.set(viewer.memberId, months);
    }
    const n = months.get(month) ?? 0;
    if (n >= this.deps.settings.freeSearchesPerMonth) refuse("COMMERCIAL_USE_LIMIT", "monthly search limit reached");
    months.set(month, n + 1);
  }

  private runPeople(
    viewer: Member,
    f: PeopleFilters,
    paging: Paging,
    cap: number,
    pageSize: number,
  ): Page<{ member: Member; degree: Degree }> {
    const { graph, members } = this.deps;
    const id = viewer.memberId;
    const terms = tokens(f.keywords ?? "");
    const network = f.network && f.network.length > 0 ? new Set(f.network) : null;
    // The viewer's 2nd-degree set is cached by the graph until it changes, so a degree is two lookups.
    const second = graph.secondDegree(id);
    const ofMember = f.connectionOf ? members.byProfileId(f.connectionOf) : undefined;
    if (f.connectionOf && !ofMember) return this.page([], paging, cap, pageSize);
    const set = (xs?: (number | string)[]) => (xs && xs.length > 0 ? new Set(xs.map(String)) : null);
    const geo = set(f.geoUrn);
    const current = set(f.currentCompany);
    const past = set(f.pastCompany);
    const industry = set(f.industry);
    const schools = set(f.schools);
    const langs = f.profileLanguage && f.profileLanguage.length > 0 ? new Set(f.profileLanguage) : null;
    // Results are ordered 1st, 2nd, 3rd+ degree, then registry order: three buckets, no sort.
    const buckets: Member[][] = [[], [], []];
    for (const m of members.list) {
      if (m.memberId === id) continue;
      if (geo && !geo.has(String(m.geoId))) continue;
      if (current && !current.has(String(m.companyId))) continue;
      if (past && !m.pastCompanyIds.some((c) => past.has(String(c)))) continue;
      if (industry && !industry.has(String(m.industryId))) continue;
      if (schools && !schools.has(String(m.schoolId))) continue;
      if (langs && !m.languages.some((l) => langs.has(l))) continue;
      if (f.firstName && !contains(m.firstName, f.firstName)) continue;
      if (f.lastName && !contains(m.lastName, f.lastName)) continue;
      if (f.title && !contains(m.title, f.title)) continue;
      if (f.company && !contains(m.companyName, f.company)) continue;
      if (f.school && !contains(m.schoolName, f.school)) continue;
      if (ofMember && !graph.areConnected(ofMember.memberId, m.memberId)) continue;
      if (terms.length > 0 && !matchesLower(this.textOf(m), terms)) continue;
      const degree: Degree = graph.areConnected(id, m.memberId) ? 1 : second.has(m.memberId) ? 2 : 3;
      if (network && !network.has(degree === 1 ? "F" : degree === 2 ? "S" : "O")) continue;
      buckets[degree - 1]?.push(m);
    }
    // Hit objects only for the page asked for: a query over 5,000 members allocates 10, not 5,000.
    const all = buckets.flat();
    const first = buckets[0]?.length ?? 0;
    const second2 = first + (buckets[1]?.length ?? 0);
    const page = this.page(all, paging, cap, pageSize);
    const degreeAt = (i: number): Degree => (i < first ? 1 : i < second2 ? 2 : 3);
    return { ...page, elements: page.elements.map((member, i) => ({ member, degree: degreeAt(page.start + i) })) };
  }

  private page<T>(hits: T[], paging: Paging, cap: number, pageSize: number): Page<T> {
    const start = Math.max(0, Math.floor(paging.start ?? 0));
    const count = Math.min(pageSize, Math.max(0, Math.floor(paging.count ?? pageSize)));
    const total = Math.min(hits.length, cap);
    const end = Math.min(start + count, total);
    return { total, start, count, elements: start < end ? hits.slice(start, end) : [] };
  }

  private textOf(m: Member): string {
    let t = this.text.get(m.memberId);
    if (t === undefined) {
      t = [m.firstName, m.lastName, m.headline, m.title, m.companyName, m.location, m.industry, m.schoolName]
        .join(" ")
        .toLowerCase();
      this.text.set(m.memberId, t);
    }
    return t;
  }
}

function tokens(s: string): string[] {
  return s
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t !== "");
}

function matches(text: string, terms: string[]): boolean {
  return terms.length === 0 || matchesLower(text.toLowerCase(), terms);
}

function matchesLower(lower: string, terms: string[]): boolean {
  for (const t of terms) if (!lower.includes(t)) return false;
  return true;
}

function contains(field: string, needle: string): boolean {
  return field.toLowerCase().includes(needle.trim().toLowerCase());
}
