/**
 * GraphQL search clusters (sandbox-protocol.md §5): `voyagerSearchDashClusters` with the
 * people filter keys of LinkedIn's search URL, `resultType` for companies, groups, events
 * and posts, 10 a page and 1,000 a query as the world caps them.
 */

import type { PeopleFilters } from "../../world/search.ts";
import type { Company, Group, Member, Post, SandboxEvent } from "../../world/types.ts";
import { graphql } from "../answer.ts";
import { type Ctx, viewer } from "../context.ts";
import { badRequest } from "../query.ts";
import { isRecord, type RestliValue, str } from "../restli.ts";
import type { Family } from "../router.ts";
import { text } from "../shapes.ts";
import { variables } from "./graphql.ts";

const LIST_KEYS = [
  "network",
  "geoUrn",
  "currentCompany",
  "pastCompany",
  "industry",
  "schools",
  "profileLanguage",
  "serviceCategory",
] as const;
const TEXT_KEYS = ["firstName", "lastName", "title", "company", "school"] as const;
const IGNORED_KEYS = new Set(["resultType", "nonprofitInterest", "serviceCategory"]);
const RESULT_TYPES = new Set(["PEOPLE", "COMPANIES", "GROUPS", "EVENTS", "CONTENT"]);

interface ParsedSearch {
  resultType: string;
  filters: PeopleFilters;
  keywords: string;
  start: number;
  count: number;
}

function values(v: RestliValue | undefined, key: string): string[] {
  if (!Array.isArray(v)) throw badRequest(`filter ${key} needs value:List(…)`);
  return v.flatMap((item) => {
    if (typeof item !== "string") throw badRequest(`filter ${key} values must be scalars`);
    return item
      .split("|")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  });
}

export function parseSearch(vars: Record<string, RestliValue>): ParsedSearch {
  const query = vars.query;
  if (query !== undefined && !isRecord(query)) throw badRequest("query must be a record");
  const keywords = (query && str(query, "keywords")) ?? "";
  const filters: PeopleFilters = keywords ? { keywords } : {};
  let resultType = "PEOPLE";
  const params = query?.queryParameters;
  if (params !== undefined && !Array.isArray(params)) throw badRequest("queryParameters must be a List");
  for (const p of params ?? []) {
    if (!isRecord(p)) throw badRequest("each query parameter is (key:…,value:List(…))");
    const key = str(p, "key");
    if (!key) throw badRequest("query parameter without key");
    const vals = values(p.value, key);
    if (key === "resultType") {
      resultType = vals[0] ?? "PEOPLE";
      if (!RESULT_TYPES.has(resultType)) throw badRequest(`unknown resultType ${resultType}`);
    } else if (key === "connectionOf") {
      filters.connectionOf = (vals[0] ?? "").replace(/^urn:li:fsd_profile:/, "");
    } else if ((TEXT_KEYS as readonly string[]).includes(key)) {
      filters[key as (typeof TEXT_KEYS)[number]] = vals.join(" ");
    } else if ((LIST_KEYS as readonly string[]).includes(key)) {
      if (key === "network" && vals.some((v) => v !== "F" && v !== "S" && v !== "O")) {
        throw badRequest("network values are F, S or O");
      }
      if (!IGNORED_KEYS.has(key)) (filters as Record<string, string[]>)[key] = vals;
    } else if (!IGNORED_KEYS.has(key)) {
      throw badRequest(`unknown search filter ${key}`);
    }
  }
  const start = Number(str(vars, "start") ?? 0);
  const count = Number(str(vars, "count") ?? 10);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(count) || count < 0) {
    throw badRequest("start and count must be non-negative integers");
  }
  return { resultType, filters, keywords, start, count: Math.min(count, 10) };
}

type Obj = Record<string, unknown>;

function result(entity: string, tracking: string, fields: Obj): Obj {
  return {
    $type: "com.linkedin.voyager.dash.search.EntityResultViewModel",
    entityUrn: `urn:li:fsd_entityResultViewModel:(${entity},SEARCH_SRP,DEFAULT)`,
    trackingUrn: tracking,
    image: null,
    ...fields,
  };
}

const DISTANCES = ["SELF", "DISTANCE_1", "DISTANCE_2", "DISTANCE_3"] as const;

function person(ctx: Ctx, m: Member, degree: number): Obj {
  return result(`urn:li:fsd_profile:${m.profileId}`, `urn:li:member:${m.memberId}`, {
    title: text(`${m.firstName} ${m.lastName}`),
    primarySubtitle: text(m.headline),
    secondarySubtitle: text(m.location),
    navigationUrl: `${ctx.base}/in/${m.publicIdentifier}?miniProfileUrn=${encodeURIComponent(`urn:li:fs_miniProfile:${m.profileId}`)}`,
    entityCustomTrackingInfo: { memberDistance: DISTANCES[degree] ?? "OUT_OF_NETWORK" },
  });
}

function company(ctx: Ctx, c: Company): Obj {
  return result(`urn:li:fsd_company:${c.id}`, `urn:li:company:${c.id}`, {
    title: text(c.name),
    primarySubtitle: text(c.industry),
    secondarySubtitle: text(`${ctx.world.companies.followerCount(c)} followers`),
    navigationUrl: `${ctx.base}/company/${c.universalName}/`,
  });
}

function group(ctx: Ctx, g: Group): Obj {
  return result(`urn:li:fsd_group:${g.id}`, `urn:li:group:${g.id}`, {
    title: text(g.name),
    primarySubtitle: text(`${g.memberIds.size} members`),
    navigationUrl: `${ctx.base}/groups/${g.id}/`,
  });
}

function event(ctx: Ctx, e: SandboxEvent): Obj {
  return result(`urn:li:fsd_professionalEvent:${e.id}`, `urn:li:professionalEvent:${e.id}`, {
    title: text(e.name),
    primarySubtitle: text(new Date(e.startsAt).toISOString()),
    navigationUrl: `${ctx.base}/events/${e.id}/`,
  });
}

function post(ctx: Ctx, p: Post): Obj {
  const author = ctx.world.members.get(p.authorId);
  return result(`urn:li:activity:${p.id}`, `urn:li:activity:${p.id}`, {
    title: text(author ? `${author.firstName} ${author.lastName}` : "LinkedIn Member"),
    primarySubtitle: text(p.text.slice(0, 200)),
    navigationUrl: `${ctx.base}/feed/update/urn:li:activity:${p.id}/`,
  });
}

function clusters(ctx: Ctx) {
  const me = viewer(ctx);
  const s = parseSearch(variables(ctx));
  const paging = { start: s.start, count: s.count };
  const { search } = ctx.world;
  let total: number;
  let items: Obj[];
  switch (s.resultType) {
    case "COMPANIES": {
      const page = search.companies(me.memberId, s.keywords, paging);
      total = page.total;
      items = page.elements.map((c) => company(ctx, c));
      break;
    }
    case "GROUPS": {
      const page = search.groups(me.memberId, s.keywords, paging);
      total = page.total;
      items = page.elements.map((g) => group(ctx, g));
      break;
    }
    case "EVENTS": {
      const page = search.events(me.memberId, s.keywords, paging);
      total = page.total;
      items = page.elements.map((e) => event(ctx, e));
      break;
    }
    case "CONTENT": {
      const page = search.posts(me.memberId, s.keywords, paging);
      total = page.total;
      items = page.elements.map((p) => post(ctx, p));
      break;
    }
    default: {
      const page = search.people(me.memberId, s.filters, paging);
      total = page.total;
      items = page.elements.map((hit) => person(ctx, hit.member, hit.degree));
    }
  }
  const elements =
    items.length === 0
      ? []
      : [
          {
            $type: "com.linkedin.voyager.dash.search.SearchClusterViewModel",
            title: text(s.resultType === "PEOPLE" ? "People" : s.resultType),
            items: items.map((entityResult) => ({
              $type: "com.linkedin.voyager.dash.search.SearchItem",
              item: { entityResult },
            })),
          },
        ];
  return graphql({
    searchDashClustersByAll: {
      $type: "com.linkedin.restli.common.CollectionResponse",
      elements,
      paging: { start: s.start, count: s.count, total },
      metadata: { totalResultCount: total },
    },
  });
}

export const search: Family = { queries: { voyagerSearchDashClusters: clusters } };
