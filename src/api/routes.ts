import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type AccountRequirement, type ActionDef, accountRequirement } from "../catalog/index.ts";
import { WelinkError } from "../errors/index.ts";
import type { Account } from "../store/types.ts";
import { AccountCache } from "./account-cache.ts";
import { createEnqueuer } from "./enqueue.ts";
import { windowRefused } from "./limits.ts";
import { splitLogin } from "./login.ts";
import { type ConcernOptions, concern } from "./types.ts";
import { parseInput } from "./validate.ts";

export const API_PREFIX = "/api/v1";

const requirements = new WeakMap<ActionDef, AccountRequirement>();

/** accountRequirement() once per action, not once per call. */
function requirementOf(action: ActionDef): AccountRequirement {
  let need = requirements.get(action);
  if (need === undefined) {
    need = accountRequirement(action);
    requirements.set(action, need);
  }
  return need;
}

/** Checks the account named by the input against the caller's workspace and the action's needs. */
async function resolveAccount(
  request: FastifyRequest,
  action: ActionDef,
  deps: ConcernOptions["deps"],
  cache: AccountCache,
): Promise<Account | null> {
  const need = requirementOf(action);
  if (need === "none") return null;
  const accountId = (request.input as { accountId?: string }).accountId;
  if (!accountId) return null;
  // Only calls that need an ACTIVE account may use the cache; the others read fresh state.
  const account = need === "ACTIVE" ? await cache.getActive(accountId) : await deps.store.getAccount(accountId);
  // Another workspace's account is indistinguishable from a missing one.
  if (!account || account.workspaceId !== request.caller!.workspaceId) {
    throw new WelinkError("NOT_FOUND", "accountId not found");
  }
  if (need === "ACTIVE" && account.status !== "ACTIVE") {
    throw new WelinkError("ACCOUNT_NOT_ACTIVE", `Linked account not active (status ${account.status})`);
  }
  if (need === "PIN_REQUIRED" && account.status !== "PIN_REQUIRED") {
    throw new WelinkError("ACCOUNT_NOT_ACTIVE", `Linked account is not waiting for a PIN (status ${account.status})`);
  }
  return account;
}

/**
 * An action that continues another request (login_code names its login's requestId) may
 * only name a request of the caller's workspace, and of the same account: anything else
 * is NOT_FOUND, as if it did not exist.
 */
async function checkReferencedRequest(request: FastifyRequest, deps: ConcernOptions["deps"]): Promise<void> {
  const referenced = (request.input as { requestId?: unknown }).requestId;
  if (typeof referenced !== "string") return;
  const row = await deps.store.getRequest(referenced);
  const accountId = request.account?.id;
  if (!row || row.workspaceId !== request.caller!.workspaceId || (accountId && row.accountId !== accountId)) {
    throw new WelinkError("NOT_FOUND", "requestId not found");
  }
}

/**
 * Every `POST /api/v1/<name>`, generated from the catalogue. Validation (zod), the
 * action's own precheck and the account check run in preValidation, so the limits and
 * idempotency concerns (preHandler) see a valid call on a known account.
 */
export const routes = concern(async (app: FastifyInstance, { deps, options }: ConcernOptions) => {
  const enqueuer = createEnqueuer(deps.store, deps.onEnqueued, (error) =>
    app.log.error({ err: error }, "onEnqueued hook failed"),
  );
  const accounts = new AccountCache(deps.store, deps.clock);
  app.addHook("onClose", async () => enqueuer.drain());
  app.decorateRequest("input", null);
  app.decorateRequest("account", null);

  app.addHook("preValidation", async (request) => {
    const action = request.routeOptions.config.action;
    if (!action) return;
    request.input = parseInput(action.input, request.body);
    action.precheck?.(request.input as never);
    request.account = await resolveAccount(request, action, deps, accounts);
    if (action.mode === "async") await checkReferencedRequest(request, deps);
  });

  async function runSync(action: ActionDef, request: FastifyRequest): Promise<unknown> {
    if (!action.handler) throw new WelinkError("INTERNAL_ERROR", `${action.name} has no handler`);
    const answer = await action.handler(
      {
        deps,
        workspaceId: request.caller!.workspaceId,
        apiKey: request.caller!.key,
        requestId: request.id,
        now: deps.clock.now(),
        account: request.account,
      },
      request.input as never,
    );
    // A sync call may have changed the account (disconnect_account): read it afresh next time.
    if (request.account) accounts.forget(request.account.id);
    return answer;
  }

  async function runAsync(action: ActionDef, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const now = deps.clock.now();
    const workspaceId = request.caller!.workspaceId;
    let input = request.input as Record<string, unknown>;
    let accountId = request.account?.id ?? null;
    let createdAccount: string | null = null;
    if (action.createsAccount) {
      accountId = randomUUID();
      const split = splitLogin(input, { accountId, workspaceId, now });
      input = split.publicInput;
      // The request row references the account, so the account comes first.
      await deps.store.createAccount(split.account);
      createdAccount = accountId;
    }
    const timeoutS = (input.queue_timeout_s as number | undefined) ?? options.queueTimeoutS;
    const result = await enqueuer.enqueue({
      request: {
        id: request.id,
        workspaceId,
        accountId,
        action: action.name,
        input,
        runAt: now,
        expiresAt: now + timeoutS * 1000,
        now,
        ...(request.idempotency ? { idempotency: request.idempotency } : {}),
      },
      ...(request.window ? { window: request.window } : {}),
    });
    if (result.kind === "limited") throw windowRefused(request.window!, result.retryAfterMs);
    if (result.kind !== "created" && createdAccount) {
      // A replayed or conflicting login: the account made for it is not needed. Hide it
      // (DISCONNECTED, secrets erased); the original request keeps its own account.
      await deps.store.updateAccount(createdAccount, { status: "DISCONNECTED", disconnectedAt: now }, now);
      await deps.store.setAccountSecrets(createdAccount, null, now);
    }
    if (result.kind === "conflict") {
      throw new WelinkError("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key was already used with a different request body");
    }
    const row = result.request;
    reply.header("x-request-id", row.id);
    const ack: Record<string, unknown> = { status: "QUEUED", requestId: row.id, request_id: row.id };
    if (action.createsAccount) ack.accountId = row.accountId;
    return ack;
  }

  for (const action of options.catalogue.values()) {
    app.post(`${API_PREFIX}/${action.name}`, { config: { action } }, async (request, reply) =>
      action.mode === "sync" ? runSync(action, request) : runAsync(action, request, reply),
    );
  }
});
