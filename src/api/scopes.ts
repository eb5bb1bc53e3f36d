import type { FastifyInstance } from "fastify";
import type { ActionDef } from "../catalog/index.ts";
import { WelinkError } from "../errors/index.ts";
import type { ApiKey } from "../store/types.ts";
import { concern } from "./types.ts";

/** A key's scopes name actions (`connect`) or families (`messaging`); none = everything. */
export function keyAllows(key: ApiKey, action: ActionDef): boolean {
  return key.scopes.length === 0 || key.scopes.includes(action.name) || key.scopes.includes(action.family);
}

export const scopes = concern(async (app: FastifyInstance) => {
  app.addHook("onRequest", async (request) => {
    const action = request.routeOptions.config.action;
    const caller = request.caller;
    if (action && caller && !keyAllows(caller.key, action)) {
      throw new WelinkError("ACTION_NOT_ALLOWED", `this API key may not call ${action.name}`);
    }
  });
});
