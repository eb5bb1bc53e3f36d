/** What every family gets: the account's Voyager door, who the account is, the clock. */
import type { Clock } from "../../lib/clock.ts";
import type { Voyager } from "../voyager.ts";
import type { Identity } from "./me.ts";

export interface FamilyContext {
  voyager: Voyager;
  self: Identity;
  clock: Clock;
}
