import { bindDriver } from "../linkedin/index.ts";
import { clientOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";

/**
 * The catalogue's `run`/`verify` for actions the driver serves as a whole: the driver's
 * action of the same name on the request's account (`bindDriver`). The driver maps API.md's
 * inputs to LinkedIn's calls and LinkedIn's answers back to API.md's result fields; nothing
 * here re-shapes them.
 */
type Input = Record<string, unknown>;

export interface DrivenRuns {
  run: (ctx: RunContext, input: Input) => Promise<unknown>;
  verify?: (ctx: RunContext, input: Input) => Promise<unknown | null>;
}

/** `run` (and `verify` for writes) of the driver's action `name`; a missing one is a programming error. */
export function driven(name: string): DrivenRuns {
  return bindDriver(name);
}

/**
 * accept_invite / ignore_invite with their exactly-once check: after an attempt whose
 * outcome is unknown, an invitation no longer among the received ones was answered by it
 * (the same id cannot come back), so the answer is the result rather than a second reply
 * that LinkedIn would refuse with NO_INVITATION_FOUND.
 */
export function invitationReply(name: "accept_invite" | "ignore_invite"): DrivenRuns {
  const field = name === "accept_invite" ? "accepted" : "ignored";
  return {
    run: bindDriver(name).run,
    async verify(ctx, input) {
      const client = await clientOf(ctx);
      const id = String(input.invitation_id);
      return (await client.invitations.findReceived(id)) ? null : { [field]: true, invitation_id: id };
    },
  };
}
