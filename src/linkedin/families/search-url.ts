/**
 * Search URLs as users copy them from LinkedIn's address bar → the GraphQL search
 * variables (voyager.md §5 "People-search URL → Voyager filters"). Each filter parameter
 * is a URL-encoded JSON array (`network=["F","S"]`); free-text ones are plain strings;
 * `page=n` is `start=(n-1)*10`. The pre-2020 names (`facetNetwork`, `facetGeoUrn`, …) are
 * read too, since saved searches and CRMs still hold them. A URL of another variant, or
 * one that cannot be read, is UNKNOWN_SEARCH_URL — before anything is sent to LinkedIn.
 */
import { WelinkError } from "../../errors/index.ts";
import { urnId } from "../restli.ts";

export type SearchVariant = "people" | "companies" | "groups" | "content" | "events";

export const RESULT_TYPES: Record<SearchVariant, string> = {
  people: "PEOPLE",
  companies: "COMPANIES",
  groups: "GROUPS",
  content: "CONTENT",
  events: "EVENTS",
};

/** How the values of a list filter must look: numeric entity ids, a member id, or codes. */
type ValueKind = "entity" | "member" | "network" | "language" | "code";

/** URL parameter → GraphQL filter key and value kind, for list filters. */
const LIST_FILTERS: Record<string, { key: string; kind: ValueKind }> = {
  network: { key: "network", kind: "network" },
  geoUrn: { key: "geoUrn", kind: "entity" },
  currentCompany: { key: "currentCompany", kind: "entity" },
  pastCompany: { key: "pastCompany", kind: "entity" },
  industry: { key: "industry", kind: "entity" },
  schoolFilter: { key: "schools", kind: "entity" },
  schools: { key: "schools", kind: "entity" },
  profileLanguage: { key: "profileLanguage", kind: "language" },
  serviceCategory: { key: "serviceCategory", kind: "entity" },
  connectionOf: { key: "connectionOf", kind: "member" },
  // Names of the same filters before LinkedIn's 2020 search rewrite.
  facetNetwork: { key: "network", kind: "network" },
  facetGeoUrn: { key: "geoUrn", kind: "entity" },
  facetCurrentCompany: { key: "currentCompany", kind: "entity" },
  facetPastCompany: { key: "pastCompany", kind: "entity" },
  facetIndustry: { key: "industry", kind: "entity" },
  facetSchool: { key: "schools", kind: "entity" },
  facetProfileLanguage: { key: "profileLanguage", kind: "language" },
  facetConnectionOf: { key: "connectionOf", kind: "member" },
};

/** URL parameter → GraphQL filter key, for free-text filters. */
const TEXT_FILTERS: Record<string, string> = {
  firstName: "firstName",
  lastName: "lastName",
  titleFreeText: "title",
  title: "title",
  company: "company",
  schoolFreetext: "school",
  school: "school",
};

/** Parameters that are neither filters nor errors (tracking, UI state). */
const IGNORED = new Set([
  "sid",
  "trk",
  "lipi",
  "_ntb",
  "spellCorrectionEnabled",
  "heroEntityKey",
  "position",
  "searchId",
  "prevSearchId",
  "nonprofitInterest",
  "update",
  "trackingId",
]);

/** Path segment of each variant; `all` (the blended page) is read as a people search. */
const PATHS: Record<string, SearchVariant> = {
  people: "people",
  all: "people",
  companies: "companies",
  groups: "groups",
  content: "content",
  events: "events",
};

export interface SearchQuery {
  variant: SearchVariant;
  keywords?: string;
  origin: string;
  start: number;
  filters: { key: string; values: string[] }[];
}

export function unknownSearchUrl(url: string, why: string): WelinkError {
  return new WelinkError("UNKNOWN_SEARCH_URL", `${why}: ${url}`);
}

/** The URL as the browser would read it (a missing scheme is https); UNKNOWN_SEARCH_URL when not a LinkedIn URL. */
export function linkedInUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(/^https?:\/\//i.test(url.trim()) ? url.trim() : `https://${url.trim()}`);
  } catch {
    throw unknownSearchUrl(url, "Not a URL");
  }
  if (!/(^|\.)linkedin\.com$/i.test(u.hostname)) throw unknownSearchUrl(url, "Not a LinkedIn URL");
  return u;
}

function rawValues(raw: string, url: string): string[] {
  const text = raw.trim();
  let values: unknown;
  if (text.startsWith("[")) {
    try {
      values = JSON.parse(text);
    } catch {
      throw unknownSearchUrl(url, "a filter is not a JSON list");
    }
  } else values = text.split(",");
  if (!Array.isArray(values) || values.some((v) => typeof v !== "string" && typeof v !== "number")) {
    throw unknownSearchUrl(url, "a filter is not a list of values");
  }
  return values.map((v) => String(v).trim()).filter(Boolean);
}

function checked(name: string, kind: ValueKind, values: string[], url: string): string[] {
  return values.map((v) => {
    // Entity filters take bare ids: an URN pasted by hand is reduced to its number.
    const bare = v.startsWith("urn:") ? urnId(v) : v;
    const ok =
      kind === "entity"
        ? /^\d+$/.test(bare)
        : kind === "member"
          ? /^ACoAA[\w-]+$/.test(bare)
          : kind === "network"
            ? /^[FSO]$/.test(bare)
            : kind === "language"
              ? /^[a-z]{2}$/.test(bare)
              : true;
    if (!ok) throw unknownSearchUrl(url, `${name} holds a value LinkedIn would not accept (${v})`);
    return bare;
  });
}

export function parseSearchUrl(url: string, allowed: SearchVariant[]): SearchQuery {
  const u = linkedInUrl(url);
  const m = /^\/search\/results\/([a-z]+)\/?$/.exec(u.pathname);
  const variant = m ? PATHS[m[1] as string] : undefined;
  if (!variant) throw unknownSearchUrl(url, "Not a LinkedIn search URL");
  if (!allowed.includes(variant)) throw unknownSearchUrl(url, `A ${variant} search URL is not accepted here`);
  const query: SearchQuery = { variant, origin: "FACETED_SEARCH", start: 0, filters: [] };
  for (const [name, value] of u.searchParams) {
    if (name === "keywords") {
      if (value.trim()) query.keywords = value.trim();
    } else if (name === "origin") query.origin = /^[A-Z_]+$/.test(value) ? value : "FACETED_SEARCH";
    else if (name === "page") {
      const page = Number(value);
      if (!Number.isInteger(page) || page < 1) throw unknownSearchUrl(url, "page is not a positive integer");
      query.start = (page - 1) * 10;
    } else if (LIST_FILTERS[name]) {
      const { key, kind } = LIST_FILTERS[name];
      const values = checked(name, kind, rawValues(value, url), url);
      if (values.length) query.filters.push({ key, values });
    } else if (TEXT_FILTERS[name]) {
      if (value.trim()) query.filters.push({ key: TEXT_FILTERS[name] as string, values: [value.trim()] });
    } else if (name === "facetGeoRegion") {
      // Region codes ("us:0") were retired with the 2020 rewrite and map to no geo id.
      throw unknownSearchUrl(url, "facetGeoRegion codes are no longer understood by LinkedIn");
    } else if (!IGNORED.has(name)) throw unknownSearchUrl(url, `Unknown search parameter ${name}`);
  }
  if (variant !== "people" && query.filters.length) {
    // LinkedIn's company, group, event and post verticals filter by keywords only here.
    throw unknownSearchUrl(url, `A ${variant} search takes keywords only`);
  }
  return query;
}
