import { WelinkError } from "../errors/index.ts";
import type { Account } from "../store/types.ts";
import type { SyncContext } from "./define.ts";

/**
 * The synchronous account endpoints. The gateway has already checked that the accountId
 * belongs to the caller's workspace (`ctx.account`), so a handler never sees another
 * workspace's row.
 */

function mustAccount(ctx: SyncContext): Account {
  if (!ctx.account) throw new WelinkError("NOT_FOUND", "accountId not found");
  return ctx.account;
}

/** Disconnected accounts are gone for the client (We-Link gives a new accountId on reconnect). */
export async function getAllAccounts(ctx: SyncContext): Promise<unknown> {
  const rows = await ctx.deps.store.listAccounts(ctx.workspaceId);
  return rows
    .filter((a) => a.status !== "DISCONNECTED")
    .map((a) => ({ accountId: a.id, email: a.email, status: a.status }));
}

export async function getAccountDetails(ctx: SyncContext): Promise<unknown> {
  const a = mustAccount(ctx);
  const queueDepth = await ctx.deps.store.countPending(a.id);
  const p = a.profile;
  return {
    accountId: a.id,
    email: a.email,
    status: a.status,
    statusReason: a.statusReason,
    firstname: p.first_name ?? null,
    lastname: p.last_name ?? null,
    profile_id: p.profile_id ?? null,
    public_identifier: p.public_identifier ?? null,
    occupation: p.occupation ?? null,
    premium: p.premium ?? false,
    sales_navigator: p.sales_navigator ?? false,
    recruiter: p.recruiter ?? false,
    // AccountProxy carries no password by construction (it lives in the encrypted secrets).
    proxy: a.proxy,
    queue_depth: queueDepth,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

export async function disconnectAccount(ctx: SyncContext): Promise<unknown> {
  const a = mustAccount(ctx);
  const { store } = ctx.deps;
  if (a.status !== "DISCONNECTED") {
    // Order matters: the status first, so the engine stops picking the account's work,
    // then the queued work, then the secrets (a request that was PROCESSING finishes or
    // fails on its own; its driver call can no longer log in again).
    await store.updateAccount(a.id, { status: "DISCONNECTED", disconnectedAt: ctx.now }, ctx.now);
    // The engine fails the queued work with ACCOUNT_DISCONNECTED and pauses the lane;
    // without an engine handle (bare gateway tests), the store does the first half.
    if (ctx.deps.engine?.cancelAccount) await ctx.deps.engine.cancelAccount(a.id);
    else
      await store.failPending(
        a.id,
        "ACCOUNT_DISCONNECTED",
        "The account was disconnected before the request ran",
        ctx.now,
      );
    // Ends the session on LinkedIn too, while its cookies still exist. Best effort: an
    // unreachable LinkedIn or proxy must not keep the account connected here.
    await ctx.deps.sessions?.logout(a.id).catch(() => {});
    await store.setAccountSecrets(a.id, null, ctx.now);
  }
  return { message: "Account disconnected successfully" };
}

export async function getResponse(ctx: SyncContext, input: { requestId: string }): Promise<unknown> {
  const row = await ctx.deps.store.getRequest(input.requestId);
  // Another workspace's request is indistinguishable from a missing one.
  if (!row || row.workspaceId !== ctx.workspaceId) throw new WelinkError("NOT_FOUND", "request_id not found");
  return {
    status: row.status,
    requestId: row.id,
    request_id: row.id,
    accountId: row.accountId,
    action: row.action,
    result: row.result ?? null,
    message: row.message,
    created_at: row.createdAt,
    finished_at: row.finishedAt,
  };
}
