import { accounts } from "./accounts.ts";
import { companies } from "./companies.ts";
import { connections } from "./connections.ts";
import { content } from "./content.ts";
import type { ActionDef } from "./define.ts";
import { engagement } from "./engagement.ts";
import { events } from "./events.ts";
import { groups } from "./groups.ts";
import { limits } from "./limits.ts";
import { messaging } from "./messaging.ts";
import { profiles } from "./profiles.ts";
import { recruiter } from "./recruiter.ts";
import { salesNavigator } from "./sales-navigator.ts";
import { search } from "./search.ts";
import { webhooks } from "./webhooks.ts";

export * from "./define.ts";
export type { AppDeps } from "./deps.ts";

/**
 * Every family of the catalogue, one line each. Adding a family is adding its file and
 * one line here; routes, validation and the OpenAPI document follow.
 */
export const FAMILIES: readonly (readonly ActionDef[])[] = [
  accounts,
  connections,
  messaging,
  profiles,
  companies,
  groups,
  search,
  content,
  engagement,
  events,
  salesNavigator,
  recruiter,
  webhooks,
  limits,
];

export type Catalogue = ReadonlyMap<string, ActionDef>;

/** Builds the name → action map; a duplicate name is a programming error. */
export function buildCatalogue(families: readonly (readonly ActionDef[])[] = FAMILIES): Catalogue {
  const map = new Map<string, ActionDef>();
  for (const family of families) {
    for (const action of family) {
      if (map.has(action.name)) throw new Error(`catalogue: ${action.name} is defined twice`);
      map.set(action.name, action);
    }
  }
  return map;
}

export const CATALOGUE: Catalogue = buildCatalogue();
