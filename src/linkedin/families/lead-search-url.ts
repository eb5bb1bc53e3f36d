/**
 * Sales Navigator and Recruiter search URLs → the Rest.li `query` record their search
 * finders take: `(keywords:…,filters:List((type:REGION,values:List((id:103644278)))…))`
 * (sandbox-protocol.md §11). Both products keep the search in the address bar in one of
 * two encodings:
 * - the Rest.li record itself, `?query=(…)` (Sales Navigator since 2022, Recruiter's
 *   shared searches), percent-encoded once more by the browser;
 * - flat parameters: Sales Navigator's older `geoIncluded=…&currentCompany=…&titleIncluded=CEO:8`
 *   and Recruiter's `keywords`/`searchKeyword` plus legacy `facet=CC&facet.CC=1441` pairs.
 * Filters are normalized to the types the finders know (ids bare, titles and names as
 * text); anything else, and a URL that holds no search at all (only a server-side
 * `searchHistoryId`), is UNKNOWN_SEARCH_URL.
 */
import { decodeRestli, type RestliRecord, type RestliValue, urnId } from "../restli.ts";
import { linkedInUrl, unknownSearchUrl } from "./search-url.ts";

export type LeadFilterType =
  | "REGION"
  | "CURRENT_COMPANY"
  | "PAST_COMPANY"
  | "INDUSTRY"
  | "SCHOOL"
  | "RELATIONSHIP"
  | "TITLE"
  | "FIRST_NAME"
  | "LAST_NAME";

export interface LeadValue {
  id?: string;
  text?: string;
  selectionType?: "INCLUDED" | "EXCLUDED";
}

export interface LeadQuery {
  keywords?: string;
  filters: { type: LeadFilterType; values: LeadValue[] }[];
}

/** Filter types as URLs spell them → the finder's type. */
const TYPES: Record<string, LeadFilterType> = {
  REGION: "REGION",
  GEOGRAPHY: "REGION",
  CURRENT_COMPANY: "CURRENT_COMPANY",
  PAST_COMPANY: "PAST_COMPANY",
  INDUSTRY: "INDUSTRY",
  SCHOOL: "SCHOOL",
  RELATIONSHIP: "RELATIONSHIP",
  TITLE: "TITLE",
  CURRENT_TITLE: "TITLE",
  FIRST_NAME: "FIRST_NAME",
  LAST_NAME: "LAST_NAME",
};

const TEXT_TYPES = new Set<LeadFilterType>(["TITLE", "FIRST_NAME", "LAST_NAME"]);

/** One value of a filter: entity ids bare (`urn:li:organization:1441` → 1441), text where the type is free text. */
function leadValue(type: LeadFilterType, raw: RestliValue, url: string): LeadValue {
  const rec: RestliRecord = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? raw : { id: raw };
  const id = rec.id === undefined || rec.id === null ? undefined : String(rec.id);
  const text = typeof rec.text === "string" ? rec.text : undefined;
  const out: LeadValue = {};
  if (TEXT_TYPES.has(type)) {
    // Title ids are LinkedIn's title taxonomy; the finder matches the text.
    const t = text ?? id;
    if (!t) throw unknownSearchUrl(url, `a ${type} value has no text`);
    out.text = t;
  } else if (type === "RELATIONSHIP") {
    if (!id || !/^[FSO]$/.test(id)) throw unknownSearchUrl(url, `RELATIONSHIP values are F, S or O (${id})`);
    out.id = id;
  } else {
    const bare = id?.startsWith("urn:") ? urnId(id) : id;
    if (!bare || !/^\d+$/.test(bare)) throw unknownSearchUrl(url, `a ${type} value is not an id (${id})`);
    out.id = bare;
  }
  if (rec.selectionType === "EXCLUDED") out.selectionType = "EXCLUDED";
  return out;
}

/** The browser encodes the record once more; `%` not followed by two hex digits is a literal. */
function restliParam(raw: string, url: string): RestliRecord {
  try {
    const parsed = decodeRestli(raw.replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not a record");
    return parsed;
  } catch {
    throw unknownSearchUrl(url, "the query=(…) record cannot be read");
  }
}

/** A `query=(…)` record → the normalized query. */
export function leadQueryOf(record: RestliRecord, url: string): LeadQuery {
  const query: LeadQuery = { filters: [] };
  if (typeof record.keywords === "string" && record.keywords.trim()) query.keywords = record.keywords.trim();
  const list = record.filters ?? [];
  if (!Array.isArray(list)) throw unknownSearchUrl(url, "filters is not a List");
  for (const f of list) {
    const rec = f !== null && typeof f === "object" && !Array.isArray(f) ? f : undefined;
    const name = typeof rec?.type === "string" ? rec.type : "?";
    const type = TYPES[name];
    if (!rec || !type) throw unknownSearchUrl(url, `the ${name} filter is not supported`);
    const values = Array.isArray(rec.values) ? rec.values : [];
    if (!values.length) continue;
    add(
      query,
      type,
      values.map((v) => leadValue(type, v, url)),
    );
  }
  return query;
}

function add(query: LeadQuery, type: LeadFilterType, values: LeadValue[]): void {
  const existing = query.filters.find((f) => f.type === type);
  if (existing) existing.values.push(...values);
  else query.filters.push({ type, values });
}

/** Sales Navigator's flat parameters (before 2022) → filter type. */
const SALES_PARAMS: Record<string, LeadFilterType> = {
  geoIncluded: "REGION",
  currentCompany: "CURRENT_COMPANY",
  companyIncluded: "CURRENT_COMPANY",
  pastCompany: "PAST_COMPANY",
  industryIncluded: "INDUSTRY",
  schoolIncluded: "SCHOOL",
  relationship: "RELATIONSHIP",
  titleIncluded: "TITLE",
  firstName: "FIRST_NAME",
  lastName: "LAST_NAME",
};

const SALES_IGNORED = new Set([
  "sessionId",
  "searchSessionId",
  "viewAllFilters",
  "doFetchHeroCard",
  "logHistory",
  "logId",
  "rsLogId",
  "preserveScrollPosition",
  "savedSearchId",
  "trk",
  "_ntb",
  "lipi",
]);

/** Flat values: comma-separated; `CEO:8` style title entries keep the text before the colon. */
function flatValues(type: LeadFilterType, raw: string, url: string): LeadValue[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((v) => leadValue(type, TEXT_TYPES.has(type) ? { text: v.replace(/:\d+$/, "") } : { id: v }, url));
}

export interface SalesSearch {
  variant: "people" | "company";
  query: LeadQuery;
  /** From `page=n` (25 a page). */
  start: number;
}

/** `/sales/search/people|company?…` → the lead (or account) search to run. */
export function parseSalesSearchUrl(url: string): SalesSearch {
  const u = linkedInUrl(url);
  const m = /^\/sales\/search\/(people|company)\/?$/.exec(u.pathname);
  if (!m) throw unknownSearchUrl(url, "Not a Sales Navigator search URL");
  const out: SalesSearch = { variant: m[1] as "people", query: { filters: [] }, start: 0 };
  const raw = u.searchParams.get("query");
  if (raw) out.query = leadQueryOf(restliParam(raw, url), url);
  for (const [name, value] of u.searchParams) {
    if (name === "query") continue;
    if (name === "keywords") {
      if (value.trim()) out.query.keywords = value.trim();
    } else if (name === "page") {
      const page = Number(value);
      if (!Number.isInteger(page) || page < 1) throw unknownSearchUrl(url, "page is not a positive integer");
      out.start = (page - 1) * 25;
    } else if (SALES_PARAMS[name]) {
      const type = SALES_PARAMS[name];
      add(out.query, type, flatValues(type, value, url));
    } else if (/Excluded$/.test(name)) {
      throw unknownSearchUrl(url, `${name}: exclusions need the query=(…) form of the URL`);
    } else if (!SALES_IGNORED.has(name)) throw unknownSearchUrl(url, `Unknown Sales Navigator parameter ${name}`);
  }
  return out;
}

/** Recruiter's legacy facet letters → filter type. */
const RECRUITER_FACETS: Record<string, LeadFilterType> = {
  G: "REGION",
  CC: "CURRENT_COMPANY",
  PC: "PAST_COMPANY",
  I: "INDUSTRY",
  ED: "SCHOOL",
  N: "RELATIONSHIP",
  T: "TITLE",
};

const RECRUITER_TEXT: Record<string, LeadFilterType> = {
  firstName: "FIRST_NAME",
  lastName: "LAST_NAME",
  title: "TITLE",
  jobTitle: "TITLE",
};

const RECRUITER_IGNORED = new Set([
  "searchContextId",
  "searchHistoryId",
  "searchRequestId",
  "uiOrigin",
  "tab",
  "origin",
  "trk",
  "projectId",
  "_ntb",
  "start",
  "facet",
]);

export interface RecruiterSearch {
  query: LeadQuery;
  start: number;
  /** The contract named in a `/talent/hire/<n>/…` path, if any. */
  contractId?: string;
}

/** `/talent/search…`, `/talent/hire/<n>/…/recruiterSearch`, `/recruiter/smartsearch` → the search to run. */
export function parseRecruiterSearchUrl(url: string): RecruiterSearch {
  const u = linkedInUrl(url);
  const path = u.pathname;
  const hire = /^\/talent\/hire\/(\d+)\/(?:[^?#]*\/)?(?:recruiterSearch|search)\/?$/.exec(path);
  if (!hire && !/^\/talent\/search\/?$/.test(path) && !/^\/recruiter\/smartsearch\/?$/.test(path)) {
    throw unknownSearchUrl(url, "Not a Recruiter search URL");
  }
  const out: RecruiterSearch = { query: { filters: [] }, start: 0 };
  if (hire) out.contractId = hire[1] as string;
  const raw = u.searchParams.get("query");
  if (raw) out.query = leadQueryOf(restliParam(raw, url), url);
  for (const [name, value] of u.searchParams) {
    if (name === "query") continue;
    if (name === "keywords" || name === "searchKeyword") {
      if (value.trim()) out.query.keywords = value.trim();
    } else if (name === "start") {
      const start = Number(value);
      if (!Number.isInteger(start) || start < 0) throw unknownSearchUrl(url, "start is not a non-negative integer");
      out.start = start;
    } else if (RECRUITER_TEXT[name]) {
      const type = RECRUITER_TEXT[name];
      if (value.trim()) add(out.query, type, [{ text: value.trim() }]);
    } else if (name.startsWith("facet.")) {
      const type = RECRUITER_FACETS[name.slice("facet.".length)];
      if (!type) throw unknownSearchUrl(url, `the Recruiter facet ${name} is not supported`);
      add(out.query, type, flatValues(type, value, url));
    } else if (!RECRUITER_IGNORED.has(name)) throw unknownSearchUrl(url, `Unknown Recruiter parameter ${name}`);
  }
  if (!out.query.keywords && !out.query.filters.length) {
    // A bare searchHistoryId points at a search kept on LinkedIn's side: nothing here to run.
    throw unknownSearchUrl(url, "The URL holds no keywords or filters (the search is stored on LinkedIn's side)");
  }
  return out;
}

/** The record the finders take. */
export function leadQueryRecord(query: LeadQuery): RestliRecord {
  const record: RestliRecord = {};
  if (query.keywords) record.keywords = query.keywords;
  if (query.filters.length) {
    record.filters = query.filters.map((f) => ({
      type: f.type,
      values: f.values.map((v) => ({ ...v }) as RestliRecord),
    }));
  }
  return record;
}
