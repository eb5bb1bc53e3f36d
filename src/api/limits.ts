import type { FastifyInstance } from "fastify";
import { WelinkError } from "../errors/index.ts";
import { KeyCeiling } from "./key-ceiling.ts";
import { type ConcernOptions, concern } from "./types.ts";

const HOUR_MS = 3_600_000;

function rateLimited(what: string, retryAfterMs: number): WelinkError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new WelinkError("RATE_LIMITED", `${what}; retry in ${retryAfter} s`, { retryAfter });
}

/**
 * Two limits. The per-key ceiling protects this server (in memory, per process). The
 * per-account rolling 60-minute windows protect the LinkedIn account (We-Link's 100 action
 * and 150 message-sync requests an hour): they are sliding logs in the store, so every
 * process on one PostgreSQL sees the same window. Only asynchronous actions on an account
 * count in its windows; reading state (`get_response`, account details) does not.
 */
export const limits = concern(async (app: FastifyInstance, { deps, options }: ConcernOptions) => {
  const ceiling = new KeyCeiling(options.keyRatePerMinute);

  app.addHook("onRequest", async (request) => {
    const caller = request.caller;
    if (!caller) return;
    const hit = ceiling.hit(caller.key.id, deps.clock.now());
    if (!hit.allowed)
      throw rateLimited(`more than ${options.keyRatePerMinute} requests a minute on this key`, hit.retryAfterMs);
  });

  app.addHook("preHandler", async (request) => {
    const action = request.routeOptions.config.action;
    const account = request.account;
    if (action?.mode !== "async" || !account) return;
    const sync = action.messageSync === true;
    const limit = sync ? options.accountSyncPerHour : options.accountActionsPerHour;
    const key = `account:${account.id}:${sync ? "sync" : "actions"}`;
    const hit = await deps.store.hitWindow(key, HOUR_MS, limit, deps.clock.now());
    if (!hit.allowed) {
      const kind = sync ? "message-sync" : "action";
      throw rateLimited(
        `${limit} ${kind} requests per rolling hour reached for account ${account.id}`,
        hit.retryAfterMs,
      );
    }
  });
});
