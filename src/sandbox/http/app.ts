/**
 * The sandbox's HTTP surface assembled: every endpoint family's routes, the GraphQL
 * registries, the control API, and the node:http server with the CONNECT proxy.
 */

import { createServer, type Server } from "node:http";
import { controlRoutes } from "../control/routes.ts";
import { attachProxy } from "./proxy.ts";
import { type Family, Router } from "./router.ts";
import { communities } from "./routes/communities.ts";
import { companies } from "./routes/companies.ts";
import { content } from "./routes/content.ts";
import { type GraphqlRegistry, graphqlRoutes } from "./routes/graphql.ts";
import { insights } from "./routes/insights.ts";
import { loginRoutes } from "./routes/login.ts";
import { messaging } from "./routes/messaging.ts";
import { network } from "./routes/network.ts";
import { premium } from "./routes/premium.ts";
import { profiles } from "./routes/profiles.ts";
import { search } from "./routes/search.ts";
import { createRequestHandler } from "./server.ts";
import type { SandboxState } from "./state.ts";

export const FAMILIES: Family[] = [
  profiles,
  network,
  search,
  messaging,
  content,
  companies,
  communities,
  insights,
  premium,
];

export function buildRouter(families: Family[] = FAMILIES): Router {
  const registry: GraphqlRegistry = { queries: new Map(), mutations: new Map() };
  const router = new Router();
  router.add(...loginRoutes, ...controlRoutes);
  for (const family of families) {
    if (family.routes) router.add(...family.routes);
    for (const [name, handler] of Object.entries(family.queries ?? {})) registry.queries.set(name, handler);
    for (const [name, handler] of Object.entries(family.mutations ?? {})) registry.mutations.set(name, handler);
  }
  router.add(...graphqlRoutes(registry));
  return router;
}

export function createSandboxServer(state: SandboxState, onError?: (err: unknown) => void): Server {
  const handler = createRequestHandler({ state, router: buildRouter(), ...(onError ? { onError } : {}) });
  const server = createServer({ keepAliveTimeout: 65_000 }, handler);
  attachProxy(server, state);
  return server;
}
