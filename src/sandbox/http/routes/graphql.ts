/**
 * `/voyager/api/graphql` and `/voyager/api/voyagerMessagingGraphQL/graphql`: persisted
 * queries routed by the name before the hash of `queryId` (hash checked only in strict
 * mode), mutations by `POST …?action=execute` with the query id in the URL or the body.
 */

import { SandboxRefusal } from "../../world/refusal.ts";
import type { Answer } from "../answer.ts";
import { type Ctx, jsonBody } from "../context.ts";
import { hashAccepted, splitQueryId } from "../protocol.ts";
import { badRequest } from "../query.ts";
import { isRecord, type RestliValue } from "../restli.ts";
import type { Handler, Route } from "../router.ts";

export type Variables = { [key: string]: RestliValue };

/** The `variables=(…)` record of a GraphQL GET. */
export function variables(ctx: Ctx): Variables {
  const v = ctx.query.restli("variables");
  if (v === undefined) return {};
  if (!isRecord(v)) throw badRequest("variables must be a record");
  return v;
}

function resolveQuery(ctx: Ctx, queryId: string | undefined, registry: Map<string, Handler>): Handler {
  if (!queryId) throw new SandboxRefusal("PERSISTED_QUERY_NOT_FOUND", "queryId is required", 400);
  const { name, hash } = splitQueryId(queryId);
  const handler = registry.get(name);
  if (!handler) throw new SandboxRefusal("PERSISTED_QUERY_NOT_FOUND", `unknown query ${name}`, 400);
  if (ctx.state.settings.strictQueryIds && !hashAccepted(name, hash)) {
    throw new SandboxRefusal("PERSISTED_QUERY_NOT_FOUND", `unknown hash for ${name}`, 400);
  }
  return handler;
}

export interface GraphqlRegistry {
  queries: Map<string, Handler>;
  mutations: Map<string, (ctx: Ctx, body: Record<string, unknown>) => Answer | Promise<Answer>>;
}

export function graphqlRoutes(registry: GraphqlRegistry): Route[] {
  const get: Handler = (ctx) => resolveQuery(ctx, ctx.query.get("queryId"), registry.queries)(ctx);
  const execute: Handler = async (ctx) => {
    const body = await jsonBody(ctx);
    const queryId = ctx.query.get("queryId") ?? (typeof body.queryId === "string" ? body.queryId : undefined);
    if (!queryId) throw new SandboxRefusal("PERSISTED_QUERY_NOT_FOUND", "queryId is required", 400);
    const { name, hash } = splitQueryId(queryId);
    const mutation = registry.mutations.get(name);
    if (!mutation) throw new SandboxRefusal("PERSISTED_QUERY_NOT_FOUND", `unknown mutation ${name}`, 400);
    if (ctx.state.settings.strictQueryIds && !hashAccepted(name, hash)) {
      throw new SandboxRefusal("PERSISTED_QUERY_NOT_FOUND", `unknown hash for ${name}`, 400);
    }
    return mutation(ctx, body);
  };
  return [
    { method: "GET", path: "/voyager/api/graphql", handler: get },
    { method: "POST", path: "/voyager/api/graphql", action: "execute", handler: execute },
    { method: "GET", path: "/voyager/api/voyagerMessagingGraphQL/graphql", handler: get },
  ];
}
