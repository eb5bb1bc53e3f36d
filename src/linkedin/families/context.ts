/** What every family gets: the account's Voyager door, who the account is, the clock. */
import type { Clock } from "../../lib/clock.ts";
import type { Voyager } from "../voyager.ts";
import type { Identity } from "./me.ts";

/** Driver state a family needs to survive restarts (kept encrypted with the session's secrets). */
export interface FamilyState {
  /** The Recruiter contract the session's `li_rt` cookie belongs to. */
  recruiterContract?: string;
}

export interface FamilyContext {
  voyager: Voyager;
  self: Identity;
  clock: Clock;
  state: FamilyState;
  /** Persists `state` (no-op when the client is not managed). */
  saveState(): Promise<void>;
}
