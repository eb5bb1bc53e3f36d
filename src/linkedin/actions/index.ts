/**
 * Every async action the driver serves, by catalogue name. The catalogue's `run` for
 * action N is `(ctx, input) => driverAction(N).run({ sessions, accountId }, input)`.
 */
import { WelinkError } from "../../errors/index.ts";
import type { SessionManager } from "../session/manager.ts";
import { ACCOUNT_ACTIONS } from "./accounts.ts";
import { CONTENT_ACTIONS } from "./content.ts";
import { DIRECTORY_ACTIONS } from "./directory.ts";
import { MESSAGING_ACTIONS } from "./messaging.ts";
import { NETWORK_ACTIONS } from "./network.ts";
import type { DriverAction, DriverContext, Input } from "./types.ts";

export const DRIVER_ACTIONS: Readonly<Record<string, DriverAction>> = {
  ...ACCOUNT_ACTIONS,
  ...NETWORK_ACTIONS,
  ...MESSAGING_ACTIONS,
  ...CONTENT_ACTIONS,
  ...DIRECTORY_ACTIONS,
};

export function driverAction(name: string): DriverAction | undefined {
  return DRIVER_ACTIONS[name];
}

/** The part of the catalogue's RunContext the driver reads (structural: no import of the catalogue). */
export interface RunContextLike {
  /** `sessions` is the catalogue's AppDeps field for the session manager. */
  deps: { sessions?: SessionManager };
  account: { id: string } | null;
  request: { accountId: string | null; createdAt: number };
  pace?: () => Promise<void>;
}

function contextOf(ctx: RunContextLike): DriverContext {
  const sessions = ctx.deps.sessions;
  if (!sessions) throw new WelinkError("INTERNAL_ERROR", "The LinkedIn driver is not configured");
  const accountId = ctx.account?.id ?? ctx.request.accountId;
  if (!accountId) throw new WelinkError("INTERNAL_ERROR", "The request has no account");
  // A write for this request can only have happened after the request was accepted.
  const driver: DriverContext = { sessions, accountId, since: ctx.request.createdAt };
  if (ctx.pace) driver.pace = ctx.pace;
  return driver;
}

/**
 * `run` and `verify` for the catalogue entry of action `name`, e.g.
 * `defineAction({ name: "connect", …, ...bindDriver("connect") })`.
 */
export function bindDriver(name: string): {
  run: (ctx: RunContextLike, input: Input) => Promise<unknown>;
  verify?: (ctx: RunContextLike, input: Input) => Promise<unknown | null>;
} {
  const action = DRIVER_ACTIONS[name];
  if (!action) throw new Error(`The driver has no action ${name}`);
  const bound: ReturnType<typeof bindDriver> = { run: async (ctx, input) => action.run(contextOf(ctx), input) };
  const verify = action.verify;
  if (verify) bound.verify = async (ctx, input) => verify(contextOf(ctx), input);
  return bound;
}

export type { DriverAction, DriverContext, Input } from "./types.ts";
