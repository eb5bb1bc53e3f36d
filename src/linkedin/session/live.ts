/** One account's live session as the manager holds it, and the driver state kept with its secrets. */
import type { AccountStatus } from "../../store/types.ts";
import type { LinkedInClient } from "../client.ts";
import type { FamilyState } from "../families/context.ts";
import type { Identity } from "../families/me.ts";
import type { Transport } from "../transport/http.ts";
import type { Voyager } from "../voyager.ts";
import type { ChallengeContext } from "./login.ts";

export interface Live {
  accountId: string;
  transport: Transport;
  voyager: Voyager;
  identity?: Identity;
  client?: LinkedInClient;
  families: FamilyState;
  status: AccountStatus;
  reviving?: Promise<void>;
  persisting: Promise<void>;
  /** Wall time of the last use, for idle eviction. */
  lastUsed: number;
}

/** A session unused this long gives back its sockets and memory (rebuilt from the store on demand). */
export const DEFAULT_IDLE_MS = 15 * 60_000;

/** Driver state kept in `secrets.session`. */
export interface SessionState {
  challenge?: ChallengeContext;
  /** What the families keep (e.g. the Recruiter contract of `li_rt`). */
  families?: FamilyState;
}
