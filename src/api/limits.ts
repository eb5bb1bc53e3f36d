import type { FastifyInstance } from "fastify";
import { WelinkError } from "../errors/index.ts";
import type { WindowSpec } from "./commit.ts";
import { KeyCeiling } from "./key-ceiling.ts";
import { type ConcernOptions, concern } from "./types.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The account window this call must fit in; applied atomically with its enqueue. */
    window: WindowSpec | null;
  }
}

export const HOUR_MS = 3_600_000;

export function rateLimited(what: string, retryAfterMs: number): WelinkError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new WelinkError("RATE_LIMITED", `${what}; retry in ${retryAfter} s`, { retryAfter });
}

/**
 * Two limits. The per-key ceiling protects this server (in memory, per process). The
 * per-account rolling 60-minute windows protect the LinkedIn account (We-Link's 100 action
 * and 150 message-sync requests an hour): sliding logs in the store, so every process on
 * one PostgreSQL sees the same window. Only asynchronous actions on an account count;
 * reading state (`get_response`, account details) does not. The account hit is recorded in
 * the same commit as the request it admits (see commit.ts), so a call refused before
 * that (bad input, inactive account, key ceiling) never uses up the window.
 */
export const limits = concern(async (app: FastifyInstance, { deps, options }: ConcernOptions) => {
  const ceiling = new KeyCeiling(options.keyRatePerMinute);
  app.decorateRequest("window", null);

  app.addHook("onRequest", async (request) => {
    const caller = request.caller;
    if (!caller) return;
    const hit = ceiling.hit(caller.key.id, deps.clock.now());
    if (!hit.allowed) {
      throw rateLimited(`more than ${options.keyRatePerMinute} requests a minute on this key`, hit.retryAfterMs);
    }
  });

  app.addHook("preHandler", async (request) => {
    const action = request.routeOptions.config.action;
    const account = request.account;
    if (action?.mode !== "async" || !account) return;
    const sync = action.messageSync === true;
    request.window = {
      key: `account:${account.id}:${sync ? "sync" : "actions"}`,
      windowMs: HOUR_MS,
      limit: sync ? options.accountSyncPerHour : options.accountActionsPerHour,
      now: deps.clock.now(),
    };
  });
});

/** The 429 for a call its account's window refused. */
export function windowRefused(window: WindowSpec, retryAfterMs: number): WelinkError {
  const kind = window.key.endsWith(":sync") ? "message-sync" : "action";
  return rateLimited(`${window.limit} ${kind} requests per rolling hour reached for this account`, retryAfterMs);
}
