/**
 * The driver's half of the catalogue's async actions: for each action name, a `run` that
 * takes the API's input (API.md field names) and returns the API's result shape, and for
 * writes a `verify` that answers "did an earlier attempt already do this on LinkedIn?"
 * (the result if so, else null). The catalogue's `run`/`verify` call these with the
 * session manager; nothing here knows about requests, webhooks or the engine.
 */
import { WelinkError } from "../../errors/index.ts";
import type { LinkedInClient } from "../client.ts";
import type { SessionManager } from "../session/manager.ts";

export type Input = Record<string, unknown>;

export interface DriverContext {
  sessions: SessionManager;
  accountId: string;
  /** For `verify`: when the earlier attempt started (epoch ms); writes older than this do not count. */
  since?: number;
  /** Waits the account's page gap; paged reads call it before every page after the first. */
  pace?: () => Promise<void>;
}

export interface DriverAction {
  run(ctx: DriverContext, input: Input): Promise<unknown>;
  verify?(ctx: DriverContext, input: Input): Promise<unknown | null>;
}

/** An action that needs the account's logged-in client. */
export function withClient(
  run: (client: LinkedInClient, input: Input, ctx: DriverContext) => Promise<unknown>,
  verify?: (client: LinkedInClient, input: Input, ctx: DriverContext) => Promise<unknown | null>,
): DriverAction {
  const action: DriverAction = {
    run: async (ctx, input) => run(await ctx.sessions.client(ctx.accountId), input, ctx),
  };
  if (verify) action.verify = async (ctx, input) => verify(await ctx.sessions.client(ctx.accountId), input, ctx);
  return action;
}

export function str(input: Input, key: string): string | undefined {
  const v = input[key];
  return typeof v === "string" && v.trim() ? v : typeof v === "number" ? String(v) : undefined;
}

export function need(input: Input, key: string): string {
  const v = str(input, key);
  if (v === undefined) throw new WelinkError("INVALID_REQUEST", `${key} is required`);
  return v;
}

export function num(input: Input, key: string, fallback: number): number {
  const v = input[key];
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/** Cursors are opaque to callers; for offset-paged lists they carry the next start. */
export function startOf(input: Input): number {
  const c = str(input, "cursor") ?? str(input, "start");
  if (c === undefined) return 0;
  const n = Number(c);
  if (!Number.isInteger(n) || n < 0) throw new WelinkError("INVALID_REQUEST", "cursor is not one this endpoint gave");
  return n;
}
