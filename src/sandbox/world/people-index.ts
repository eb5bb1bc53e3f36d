/**
 * The people-search index: posting lists of member ordinals (positions in `members.list`,
 * which is append-only, so ascending ordinals are the registry order search answers in).
 *
 * - Keywords: people search matches each keyword as a substring of a member's lower-cased
 *   text (names, headline, title, company, location, industry, school). A keyword holds no
 *   whitespace, so it is a substring of the text exactly when it is a substring of one of
 *   the text's whitespace-separated tokens: the index keeps token → ordinals, and a keyword's
 *   list is the union over the (few thousand) distinct tokens that contain it, cached until
 *   the members change.
 * - Facets: geo, current company, past companies, industry, school and language → ordinals,
 *   keyed by `String(value)` as the filters compare them.
 *
 * The index is brought up to date on each use (members added since are indexed then), so
 * generating a world costs nothing extra. Members' searchable fields do not change after
 * `add` in the world today; whoever changes one calls `changed(memberId)`.
 *
 * Measured (5,008 members, the bench's query `keywords:engineer, network:S|O`, 753 hits): a
 * scan of every member took 1–3 ms a search; with the index and search.ts's degree marks,
 * 12–25 µs (a new keyword: ~65 µs, then cached). Building it on the first search: ~100 ms
 * for 5,000 members, ~0.7 s and ~26 MB of heap for 100,000.
 */

import type { Members } from "./members.ts";
import type { Member } from "./types.ts";

/** A facet's key prefix in the postings: geo, current company, past company, industry, school, language. */
export type Facet = "g" | "c" | "p" | "i" | "s" | "l";

/** Beyond this many cached keyword lists the cache starts over (queries are unbounded). */
const TERM_CACHE_MAX = 4096;

export class PeopleIndex {
  /** `members.list[0, indexed)` are in the index. */
  private indexed = 0;
  private readonly ordinals = new Map<number, number>();
  /** Lower-cased search text by ordinal: what the keyword filter reads. */
  private readonly texts: string[] = [];
  /** Each ordinal's facet keys as indexed (its tokens come again from its text), to take it out when it changes. */
  private readonly facetsOf: string[] = [];
  private readonly tokens = new Map<string, number[]>();
  private readonly facets = new Map<string, number[]>();
  private readonly terms = new Map<string, Int32Array>();

  constructor(private readonly members: Members) {}

  /** Index members added since the last call. */
  sync(): void {
    const list = this.members.list;
    if (this.indexed === list.length) return;
    for (let o = this.indexed; o < list.length; o++) this.insert(o, list[o] as Member);
    this.indexed = list.length;
    this.terms.clear();
  }

  /** A member's searchable fields changed: re-index it. */
  changed(memberId: number): void {
    this.sync();
    const o = this.ordinals.get(memberId);
    if (o === undefined) return;
    for (const t of tokensOf(this.texts[o] as string)) remove(this.tokens, t, o);
    for (const k of (this.facetsOf[o] as string).split(SEP)) remove(this.facets, k, o);
    this.insert(o, this.members.list[o] as Member);
    this.terms.clear();
  }

  get size(): number {
    return this.indexed;
  }

  member(ordinal: number): Member {
    return this.members.list[ordinal] as Member;
  }

  ordinalOf(memberId: number): number | undefined {
    return this.ordinals.get(memberId);
  }

  text(ordinal: number): string {
    return this.texts[ordinal] as string;
  }

  /** Ordinals (ascending) whose text contains every keyword; `terms` lower-cased, non-empty. */
  keywords(terms: readonly string[]): Int32Array {
    const lists = terms.map((t) => this.term(t)).sort((a, b) => a.length - b.length);
    let acc = lists[0] ?? new Int32Array(0);
    for (let k = 1; k < lists.length && acc.length > 0; k++) acc = intersect(acc, lists[k] as Int32Array);
    return acc;
  }

  /** Ordinals (ascending, no repeats) of members with any of these values in the facet. */
  facet(facet: Facet, values: Iterable<string>): Int32Array {
    const lists: number[][] = [];
    for (const v of new Set(values)) {
      const list = this.facets.get(facet + v);
      if (list) lists.push(list);
    }
    return union(lists);
  }

  /** Ordinals (ascending, no repeats) of these members. */
  ordinalsOf(memberIds: Iterable<number>): Int32Array {
    const found: number[] = [];
    for (const id of memberIds) {
      const o = this.ordinals.get(id);
      if (o !== undefined) found.push(o);
    }
    return union([found.sort((a, b) => a - b)]);
  }

  private term(term: string): Int32Array {
    const cached = this.terms.get(term);
    if (cached) return cached;
    const mark = new Uint8Array(this.indexed);
    let hits = 0;
    for (const [token, list] of this.tokens) {
      if (!token.includes(term)) continue;
      for (const o of list) {
        if (mark[o] === 0) {
          mark[o] = 1;
          hits++;
        }
      }
    }
    const out = new Int32Array(hits);
    for (let o = 0, k = 0; k < hits; o++) if (mark[o] === 1) out[k++] = o;
    if (this.terms.size >= TERM_CACHE_MAX) this.terms.clear();
    this.terms.set(term, out);
    return out;
  }

  private insert(o: number, m: Member): void {
    this.ordinals.set(m.memberId, o);
    const text = searchText(m);
    this.texts[o] = text;
    const facets = new Set<string>([
      `g${m.geoId}`,
      `c${m.companyId}`,
      `i${m.industryId}`,
      `s${m.schoolId}`,
      ...m.pastCompanyIds.map((c) => `p${c}`),
      ...m.languages.map((l) => `l${l}`),
    ]);
    for (const t of tokensOf(text)) add(this.tokens, t, o);
    for (const k of facets) add(this.facets, k, o);
    this.facetsOf[o] = [...facets].join(SEP);
  }
}

/** Joins a member's facet keys into one string (one string a member instead of an array). */
const SEP = "\u0000";

/** Distinct whitespace-separated tokens of a text. */
function tokensOf(text: string): Set<string> {
  const tokens = new Set(text.split(/\s+/));
  tokens.delete("");
  return tokens;
}

/** The lower-cased text the keyword filter searches. */
export function searchText(m: Member): string {
  return [m.firstName, m.lastName, m.headline, m.title, m.companyName, m.location, m.industry, m.schoolName]
    .join(" ")
    .toLowerCase();
}

/** Keep each posting list ascending: appends are in ordinal order, a re-index inserts in place. */
function add(map: Map<string, number[]>, key: string, o: number): void {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  if (list.length === 0 || (list[list.length - 1] as number) < o) list.push(o);
  else {
    const at = lowerBound(list, o);
    if (list[at] !== o) list.splice(at, 0, o);
  }
}

function remove(map: Map<string, number[]>, key: string, o: number): void {
  const list = map.get(key);
  if (!list) return;
  const at = lowerBound(list, o);
  if (list[at] === o) list.splice(at, 1);
  if (list.length === 0) map.delete(key);
}

function lowerBound(list: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, k);
}

/** Union of ascending lists, ascending without repeats. */
export function union(lists: readonly ArrayLike<number>[]): Int32Array {
  let size = 0;
  for (const l of lists) size += l.length;
  const all = new Int32Array(size);
  let k = 0;
  for (const l of lists) for (let i = 0; i < l.length; i++) all[k++] = l[i] as number;
  if (lists.length > 1) all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[n - 1] !== all[i]) all[n++] = all[i] as number;
  return all.subarray(0, n);
}
