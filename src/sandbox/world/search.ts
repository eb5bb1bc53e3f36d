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
import { PeopleIndex, union } from "./people-index.ts";
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
  private readonly index: PeopleIndex;
  private readonly circles = new Map<number, Circle>();
  private buffers: Scratch = {
    b1: new Int32Array(0),
    b2: new Int32Array(0),
    b3: new Int32Array(0),
    marks: new Uint8Array(0),
  };
  /** memberId → month → people searches. */
  private readonly monthly = new Map<number, Map<string, number>>();

  constructor(private readonly deps: SearchDeps) {
    this.index = new PeopleIndex(deps.members);
  }

  /** A member's searchable fields (names, headline, title, company, school, …) changed. */
  memberChanged(memberId: number): void {
    this.index.changed(memberId);
  }

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
    const index = this.index;
    index.sync();
    const id = viewer.memberId;
    const terms = tokens(f.keywords ?? "");
    const network = f.network && f.network.length > 0 ? new Set(f.network) : null;
    // The viewer's 2nd-degree set is cached by the graph until it changes.
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

    // Candidates: the shortest posting list any filter yields (a superset of the matches, in
    // registry order); every filter is then checked on each candidate as the full scan did,
    // except the keywords when the candidates are their exact list.
    const sources: { list: Int32Array; keywords: boolean }[] = [];
    const source = (list: Int32Array, keywords = false) => sources.push({ list, keywords });
    if (terms.length > 0) source(index.keywords(terms), true);
    if (geo) source(index.facet("g", geo));
    if (current) source(index.facet("c", current));
    if (past) source(index.facet("p", past));
    if (industry) source(index.facet("i", industry));
    if (schools) source(index.facet("s", schools));
    if (langs) source(index.facet("l", [...langs].map(String)));
    if (ofMember) source(index.ordinalsOf(graph.connections(ofMember.memberId)));
    const circle = this.circle(id, second);
    if (network && !network.has("O")) {
      source(union([network.has("F") ? circle.first : [], network.has("S") ? circle.second : []]));
    }
    let best: { list: Int32Array; keywords: boolean } | null = null;
    for (const s of sources) if (best === null || s.list.length < best.list.length) best = s;
    const candidates = best?.list ?? null;
    const checkKeywords = terms.length > 0 && !best?.keywords;
    const filtered = geo || current || past || industry || schools || langs || ofMember || checkKeywords || hasText(f);
    const keep = (m: Member, o: number): boolean => {
      if (geo && !geo.has(String(m.geoId))) return false;
      if (current && !current.has(String(m.companyId))) return false;
      if (past && !m.pastCompanyIds.some((c) => past.has(String(c)))) return false;
      if (industry && !industry.has(String(m.industryId))) return false;
      if (schools && !schools.has(String(m.schoolId))) return false;
      if (langs && !m.languages.some((l) => langs.has(l))) return false;
      if (f.firstName && !contains(m.firstName, f.firstName)) return false;
      if (f.lastName && !contains(m.lastName, f.lastName)) return false;
      if (f.title && !contains(m.title, f.title)) return false;
      if (f.company && !contains(m.companyName, f.company)) return false;
      if (f.school && !contains(m.schoolName, f.school)) return false;
      if (ofMember && !graph.areConnected(ofMember.memberId, m.memberId)) return false;
      if (checkKeywords && !matchesLower(index.text(o), terms)) return false;
      return true;
    };
    const allow = [false, !network || network.has("F"), !network || network.has("S"), !network || network.has("O")];

    // Degrees as marks by ordinal (1st, 2nd, self; unmarked = 3rd+), set from the viewer's
    // connections and 2nd-degree set and cleared after: each candidate costs an array read
    // instead of three hash lookups (the bench's query, 753 hits: 70 → 12–18 µs a search).
    const { b1, b2, b3, marks } = this.scratch(index.size);
    for (const o of circle.first) marks[o] = 1;
    for (const o of circle.second) marks[o] = 2;
    if (circle.self !== undefined) marks[circle.self] = SELF;
    // Results are ordered 1st, 2nd, 3rd+ degree, then registry order: three buckets of ordinals, no sort.
    let c1 = 0;
    let c2 = 0;
    let c3 = 0;
    const n = candidates ? candidates.length : index.size;
    try {
      for (let k = 0; k < n; k++) {
        const o = candidates ? (candidates[k] as number) : k;
        const d = marks[o] as number;
        if (d === SELF) continue;
        const degree = d === 0 ? 3 : d;
        if (!allow[degree]) continue;
        if (filtered && !keep(index.member(o), o)) continue;
        if (degree === 1) b1[c1++] = o;
        else if (degree === 2) b2[c2++] = o;
        else b3[c3++] = o;
      }
    } finally {
      for (const o of circle.first) marks[o] = 0;
      for (const o of circle.second) marks[o] = 0;
      if (circle.self !== undefined) marks[circle.self] = 0;
    }
    // Hit objects only for the page asked for: a query over 5,000 members allocates 10, not 5,000.
    const { total, start, count, end } = bounds(c1 + c2 + c3, paging, cap, pageSize);
    const elements: { member: Member; degree: Degree }[] = [];
    for (let i = start; i < end; i++) {
      const [o, degree] =
        i < c1 ? [b1[i], 1 as const] : i < c1 + c2 ? [b2[i - c1], 2 as const] : [b3[i - c1 - c2], 3 as const];
      elements.push({ member: index.member(o as number), degree });
    }
    return { total, start, count, elements };
  }

  /**
   * The viewer's 1st- and 2nd-degree members as ordinals. The graph hands back the same
   * 2nd-degree Set until any connection changes, so that Set (and the index size) keys the
   * cache: 60–300 map lookups a search saved.
   */
  private circle(viewerId: number, second: Set<number>): Circle {
    const cached = this.circles.get(viewerId);
    const index = this.index;
    if (cached && cached.key === second && cached.size === index.size) return cached;
    const circle: Circle = {
      key: second,
      size: index.size,
      first: index.ordinalsOf(this.deps.graph.connections(viewerId)),
      second: index.ordinalsOf(second),
      self: index.ordinalOf(viewerId),
    };
    this.circles.set(viewerId, circle);
    return circle;
  }

  /** Reusable buffers: three buckets of ordinals and the degree marks (search is synchronous). */
  private scratch(size: number): Scratch {
    if (this.buffers.marks.length < size) {
      const room = size + 1024;
      this.buffers = {
        b1: new Int32Array(room),
        b2: new Int32Array(room),
        b3: new Int32Array(room),
        marks: new Uint8Array(room),
      };
    }
    return this.buffers;
  }

  private page<T>(hits: T[], paging: Paging, cap: number, pageSize: number): Page<T> {
    const { total, start, count, end } = bounds(hits.length, paging, cap, pageSize);
    return { total, start, count, elements: start < end ? hits.slice(start, end) : [] };
  }
}

/** Degree mark of the viewer themself: never a result. */
const SELF = 4;

interface Circle {
  key: Set<number>;
  size: number;
  first: Int32Array;
  second: Int32Array;
  self: number | undefined;
}

interface Scratch {
  b1: Int32Array;
  b2: Int32Array;
  b3: Int32Array;
  marks: Uint8Array;
}

function hasText(f: PeopleFilters): boolean {
  return Boolean(f.firstName || f.lastName || f.title || f.company || f.school);
}

/** The page window: the total is capped, the page size too. */
function bounds(hits: number, paging: Paging, cap: number, pageSize: number) {
  const start = Math.max(0, Math.floor(paging.start ?? 0));
  const count = Math.min(pageSize, Math.max(0, Math.floor(paging.count ?? pageSize)));
  const total = Math.min(hits, cap);
  const end = Math.min(start + count, total);
  return { total, start, count, end };
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
