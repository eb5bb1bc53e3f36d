import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type AccountRequirement, type ActionDef, accountRequirement } from "../catalog/index.ts";
import { WelinkError } from "../errors/index.ts";
import type { Account } from "../store/types.ts";
import { AccountCache } from "./account-cache.ts";
import type { WindowSpec } from "./commit.ts";
import { createEnqueuer } from "./enqueue.ts";
import { createGate } from "./gate.ts";
import { type IdempotencyClaim, idempotencyOf } from "./idempotency.ts";
import { windowFor, windowRefused } from "./limits.ts";
import { splitLogin } from "./login.ts";
import { type Caller, type ConcernOptions, concern } from "./types.ts";
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

/**
 * Checks the account named by the input against the caller's workspace and the action's
 * needs: at once when it is cached (an ACTIVE account, see account-cache.ts), else a
 * promise. Only calls that need an ACTIVE account use the cache; the others read afresh.
 */
function resolveAccount(
  input: unknown,
  caller: Caller,
  action: ActionDef,
  deps: ConcernOptions["deps"],
  cache: AccountCache,
): Account | null | Promise<Account | null> {
  const need = requirementOf(action);
  if (need === "none") return null;
  const accountId = (input as { accountId?: string }).accountId;
  if (!accountId) return null;
  if (need === "ACTIVE") {
    const cached = cache.peek(accountId);
    if (cached !== undefined) return checkAccount(cached, caller, need);
    return cache.getActive(accountId).then((account) => checkAccount(account, caller, need));
  }
  return deps.store.getAccount(accountId).then((account) => checkAccount(account, caller, need));
}

function checkAccount(account: Account | null, caller: Caller, need: AccountRequirement): Account {
  // Another workspace's account is indistinguishable from a missing one.
  if (!account || account.workspaceId !== caller.workspaceId) {
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
async function checkReferencedRequest(
  referenced: string,
  caller: Caller,
  account: Account | null,
  deps: ConcernOptions["deps"],
): Promise<void> {
  const row = await deps.store.getRequest(referenced);
  const accountId = account?.id;
  if (!row || row.workspaceId !== caller.workspaceId || (accountId && row.accountId !== accountId)) {
    throw new WelinkError("NOT_FOUND", "requestId not found");
  }
}

/** What a call has been checked to be, handed from the checks to the run. */
interface Call {
  action: ActionDef;
  caller: Caller;
  input: unknown;
  account: Account | null;
  window: WindowSpec | null;
  idempotency: IdempotencyClaim | null;
}

/**
 * Every `POST /api/v1/<name>`, generated from the catalogue. A call meets, in order: the
 * gate (gate.ts: key, IP allow-list, scopes, per-key ceiling) before its body is read;
 * then, in the handler, validation (zod), the action's own precheck, the account check,
 * the request it names (if any), its account window and its Idempotency-Key; then the
 * action: run at once (sync) or enqueued (async). Everything runs in the handler, not in
 * hooks: no promise is made unless something must be waited for (an account read, the
 * commit), and none at all for the checks when the key and the account are cached.
 */
export const routes = concern(async (app: FastifyInstance, concernOptions: ConcernOptions) => {
  const { deps, options } = concernOptions;
  const gateFor = createGate(app, concernOptions);
  const enqueuer = createEnqueuer(deps.store, deps.onEnqueued, (error) =>
    app.log.error({ err: error }, "onEnqueued hook failed"),
  );
  const accounts = new AccountCache(deps.store, deps.clock);
  app.addHook("onClose", async () => {
    accounts.close();
    await enqueuer.drain();
  });

  /** Validation, precheck, account; the rest of the checks once the account is known. */
  function check(action: ActionDef, request: FastifyRequest): Call | Promise<Call> {
    const caller = request.caller!;
    const input = parseInput(action.input, request.body);
    action.precheck?.(input as never);
    const account = resolveAccount(input, caller, action, deps, accounts);
    if (account instanceof Promise) return account.then((known) => checkRest(action, request, caller, input, known));
    return checkRest(action, request, caller, input, account);
  }

  function checkRest(
    action: ActionDef,
    request: FastifyRequest,
    caller: Caller,
    input: unknown,
    account: Account | null,
  ): Call | Promise<Call> {
    const referenced = action.mode === "async" ? (input as { requestId?: unknown }).requestId : undefined;
    if (typeof referenced === "string") {
      return checkReferencedRequest(referenced, caller, account, deps).then(() =>
        finishChecks(action, request, caller, input, account),
      );
    }
    return finishChecks(action, request, caller, input, account);
  }

  function finishChecks(
    action: ActionDef,
    request: FastifyRequest,
    caller: Caller,
    input: unknown,
    account: Account | null,
  ): Call {
    const window = windowFor(action, account, options, deps.clock.now());
    const idempotency = idempotencyOf(action, request.headers["idempotency-key"], request.body);
    return { action, caller, input, account, window, idempotency };
  }

  async function runSync(call: Call, request: FastifyRequest): Promise<unknown> {
    const { action } = call;
    if (!action.handler) throw new WelinkError("INTERNAL_ERROR", `${action.name} has no handler`);
    const answer = await action.handler(
      {
        deps,
        workspaceId: call.caller.workspaceId,
        apiKey: call.caller.key,
        requestId: request.id,
        now: deps.clock.now(),
        account: call.account,
      },
      call.input as never,
    );
    // A sync call may have changed the account (disconnect_account): read it afresh next time.
    if (call.account) accounts.forget(call.account.id);
    return answer;
  }

  async function runAsync(call: Call, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const { action } = call;
    // One clock reading for the window's hit and the request it admits (its record on SQLite).
    const now = call.window?.now ?? deps.clock.now();
    const workspaceId = call.caller.workspaceId;
    let input = call.input as Record<string, unknown>;
    let accountId = call.account?.id ?? null;
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
        ...(call.idempotency ? { idempotency: call.idempotency } : {}),
      },
      ...(call.window ? { window: call.window } : {}),
    });
    if (result.kind === "limited") throw windowRefused(call.window!, result.retryAfterMs);
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
    // A replay answers with the original request's id (the gate set this call's own).
    if (row.id !== request.id) reply.header("x-request-id", row.id);
    const ack: Record<string, unknown> = { status: "QUEUED", requestId: row.id, request_id: row.id };
    if (action.createsAccount) ack.accountId = row.accountId;
    return ack;
  }

  for (const action of options.catalogue.values()) {
    const run = action.mode === "sync" ? runSync : runAsync;
    app.post(
      `${API_PREFIX}/${action.name}`,
      { config: { action }, onRequest: gateFor(action) },
      (request, reply): Promise<unknown> => {
        const call = check(action, request);
        return call instanceof Promise ? call.then((c) => run(c, request, reply)) : run(call, request, reply);
      },
    );
  }
});
