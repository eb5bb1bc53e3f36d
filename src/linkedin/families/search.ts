/**
 * Search (people, companies, groups, posts, events) through the GraphQL clusters query,
 * one page of 10 at a time up to the caller's limit and LinkedIn's 1,000-result cap.
 */
import { WelinkError } from "../../errors/index.ts";
import {
  graphqlRoot,
  isObject,
  type JsonObject,
  objects,
  optNumber,
  optObject,
  optString,
  ShapeError,
  textOf,
} from "../envelope.ts";
import { encodeRestli, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { type Paged, type PagingOptions, pageThrough } from "./paging.ts";
import { expectOk, graphqlRefusal, type RefusalTable } from "./refusals.ts";
import { parseSearchUrl, RESULT_TYPES, type SearchQuery, type SearchVariant } from "./search-url.ts";

export const SEARCH_REFUSALS: RefusalTable = {
  codes: {
    BAD_REQUEST: "UNKNOWN_SEARCH_URL",
    // Free accounts' monthly search allowance: LinkedIn's "commercial use limit".
    COMMERCIAL_USE_LIMIT_REACHED: "STATUS_429",
  },
};

export const SEARCH_CAP = 1000;
const PAGE = 10;

export interface SearchResult {
  type: "PEOPLE" | "COMPANIES" | "GROUPS" | "CONTENT" | "EVENTS" | string;
  /** profile_id (ACoAA…), company/group/event number, or the post's activity URN. */
  id: string;
  name: string | null;
  headline: string | null;
  location: string | null;
  url: string | null;
  public_identifier: string | null;
  distance: string | null;
}

export type SearchPage = Paged<SearchResult>;

function readResult(r: JsonObject): SearchResult {
  const urn = optString(r, "entityUrn");
  if (!urn) throw new ShapeError("search result without entityUrn");
  const inner = /^urn:li:fsd_entityResultViewModel:\((urn:li:[^,]+(?:\([^)]*\))?),/.exec(urn)?.[1] ?? urn;
  const type = inner.startsWith("urn:li:fsd_profile:")
    ? "PEOPLE"
    : inner.startsWith("urn:li:fsd_company:")
      ? "COMPANIES"
      : inner.startsWith("urn:li:fsd_group:")
        ? "GROUPS"
        : inner.startsWith("urn:li:fsd_professionalEvent:")
          ? "EVENTS"
          : "CONTENT";
  const url = optString(r, "navigationUrl") ?? null;
  const vanity = url ? (/\/in\/([^/?#]+)/.exec(url)?.[1] ?? null) : null;
  return {
    type,
    id: type === "CONTENT" ? inner : urnId(inner),
    name: textOf(r.title) ?? null,
    headline: textOf(r.primarySubtitle) ?? null,
    location: textOf(r.secondarySubtitle) ?? null,
    url,
    public_identifier: vanity ? decodeURIComponent(vanity) : null,
    distance: optString(optObject(r, "entityCustomTrackingInfo"), "memberDistance") ?? null,
  };
}

export class Search {
  constructor(private readonly ctx: FamilyContext) {}

  /** Runs a search URL of one of `variants`; `limit` results from `start` (default: the URL's page). */
  async byUrl(url: string, variants: SearchVariant[], options: PagingOptions = {}): Promise<SearchPage> {
    const query = parseSearchUrl(url, variants);
    if (options.start !== undefined) query.start = options.start;
    return this.run(query, options.limit ?? PAGE, options.pace);
  }

  async run(query: SearchQuery, limit: number, pace?: () => Promise<void>): Promise<SearchPage> {
    return pageThrough(
      query.start,
      limit,
      SEARCH_CAP,
      async (start) => {
        const page = await this.page(query, start);
        return { items: page.results, total: page.total };
      },
      pace,
    );
  }

  /** One page (10 results) of the clusters query. */
  async page(query: SearchQuery, start: number): Promise<{ results: SearchResult[]; total: number }> {
    const op = "search.clusters";
    const v = this.ctx.voyager;
    return v.run(op, {
      graphql: async (step) => {
        const parameters = [
          { key: "resultType", value: [RESULT_TYPES[query.variant]] },
          ...query.filters.map((f) => ({ key: f.key, value: f.values })),
        ];
        const variables = encodeRestli({
          start,
          origin: query.origin,
          query: {
            keywords: query.keywords,
            flagshipSearchIntent: "SEARCH_SRP",
            queryParameters: parameters,
            includeFiltersInResponse: false,
          },
        });
        const res = await v.call(op, step, {
          query: `variables=${variables}&queryId=${v.queryId(step)}`,
          pageKey: "d_flagship3_search_srp_people",
        });
        const { root, errors } = graphqlRoot(expectOk(op, res, SEARCH_REFUSALS), "searchDashClustersByAll");
        if (errors.length) throw graphqlRefusal(op, errors, SEARCH_REFUSALS);
        if (!isObject(root)) throw new ShapeError("no searchDashClustersByAll");
        const clusters = objects(Array.isArray(root.elements) ? root.elements : []);
        const results: SearchResult[] = [];
        for (const c of clusters) {
          for (const item of objects(Array.isArray(c.items) ? c.items : [])) {
            const r = optObject(optObject(item, "item"), "entityResult");
            if (r) results.push(readResult(r));
          }
        }
        const total =
          optNumber(optObject(root, "paging"), "total") ??
          optNumber(optObject(root, "metadata"), "totalResultCount") ??
          0;
        return { results, total };
      },
    });
  }
}

export function assertVariant(variant: string): SearchVariant {
  if (!(variant in RESULT_TYPES)) throw new WelinkError("UNKNOWN_SEARCH_URL", `Unknown search variant ${variant}`);
  return variant as SearchVariant;
}
