/**
 * Search URLs as users copy them from LinkedIn's address bar → the GraphQL search
 * variables (voyager.md §5 "People-search URL → Voyager filters"). Each filter parameter
 * is a URL-encoded JSON array (`network=["F","S"]`); free-text ones are plain strings;
 * `page=n` is `start=(n-1)*10`. A URL of another variant, or one that cannot be read, is
 * UNKNOWN_SEARCH_URL.
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

/** URL parameter → GraphQL filter key, for list filters (values are entity ids or codes). */
const LIST_FILTERS: Record<string, string> = {
  network: "network",
  geoUrn: "geoUrn",
  currentCompany: "currentCompany",
  pastCompany: "pastCompany",
  industry: "industry",
  schoolFilter: "schools",
  schools: "schools",
  profileLanguage: "profileLanguage",
  serviceCategory: "serviceCategory",
  connectionOf: "connectionOf",
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
  "spellCorrectionEnabled",
  "heroEntityKey",
  "position",
  "searchId",
  "nonprofitInterest",
]);

export interface SearchQuery {
  variant: SearchVariant;
  keywords?: string;
  origin: string;
  start: number;
  filters: { key: string; values: string[] }[];
}

function unknown(url: string, why: string): WelinkError {
  return new WelinkError("UNKNOWN_SEARCH_URL", `${why}: ${url}`);
}

function listValues(raw: string, url: string): string[] {
  const text = raw.trim();
  let values: unknown;
  if (text.startsWith("[")) {
    try {
      values = JSON.parse(text);
    } catch {
      throw unknown(url, "a filter is not a JSON list");
    }
  } else values = text.split(",");
  if (!Array.isArray(values) || values.some((v) => typeof v !== "string" && typeof v !== "number")) {
    throw unknown(url, "a filter is not a list of values");
  }
  // Entity filters take bare ids: an URN pasted by hand is reduced to its number.
  return values.map((v) => (String(v).startsWith("urn:") ? urnId(String(v)) : String(v))).filter(Boolean);
}

export function parseSearchUrl(url: string, allowed: SearchVariant[]): SearchQuery {
  let u: URL;
  try {
    u = new URL(/^https?:\/\//i.test(url.trim()) ? url.trim() : `https://${url.trim()}`);
  } catch {
    throw unknown(url, "Not a URL");
  }
  if (!/(^|\.)linkedin\.com$/i.test(u.hostname)) throw unknown(url, "Not a LinkedIn URL");
  const m = /^\/search\/results\/(people|companies|groups|content|events)\/?$/.exec(u.pathname);
  if (!m) throw unknown(url, "Not a LinkedIn search URL");
  const variant = m[1] as SearchVariant;
  if (!allowed.includes(variant)) throw unknown(url, `A ${variant} search URL is not accepted here`);
  const query: SearchQuery = { variant, origin: "FACETED_SEARCH", start: 0, filters: [] };
  for (const [name, value] of u.searchParams) {
    if (name === "keywords") query.keywords = value;
    else if (name === "origin") query.origin = /^[A-Z_]+$/.test(value) ? value : "FACETED_SEARCH";
    else if (name === "page") {
      const page = Number(value);
      if (!Number.isInteger(page) || page < 1) throw unknown(url, "page is not a positive integer");
      query.start = (page - 1) * 10;
    } else if (LIST_FILTERS[name])
      query.filters.push({ key: LIST_FILTERS[name] as string, values: listValues(value, url) });
    else if (TEXT_FILTERS[name]) query.filters.push({ key: TEXT_FILTERS[name] as string, values: [value] });
    else if (!IGNORED.has(name)) throw unknown(url, `Unknown search parameter ${name}`);
  }
  return query;
}
