import type { ActionDef } from "../catalog/index.ts";
import { WelinkError } from "../errors/index.ts";
import type { ApiKey } from "../store/types.ts";
import type { Caller } from "./types.ts";

/** A key's scopes name actions (`connect`) or families (`messaging`); none = everything. */
export function keyAllows(key: ApiKey, action: ActionDef): boolean {
  return key.scopes.length === 0 || key.scopes.includes(action.name) || key.scopes.includes(action.family);
}

export function checkScope(caller: Caller, action: ActionDef | undefined): void {
  if (action && !keyAllows(caller.key, action)) {
    throw new WelinkError("ACTION_NOT_ALLOWED", `this API key may not call ${action.name}`);
  }
}
