/**
 * Every async action the driver serves, by catalogue name. The catalogue's `run` for
 * action N is `(ctx, input) => driverAction(N).run({ sessions, accountId }, input)`.
 */
import { ACCOUNT_ACTIONS } from "./accounts.ts";
import { CONTENT_ACTIONS } from "./content.ts";
import { DIRECTORY_ACTIONS } from "./directory.ts";
import { MESSAGING_ACTIONS } from "./messaging.ts";
import { NETWORK_ACTIONS } from "./network.ts";
import type { DriverAction } from "./types.ts";

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

export type { DriverAction, DriverContext, Input } from "./types.ts";
