import { WelinkError } from "../errors/index.ts";
import { type DriverContext, driverAction } from "../linkedin/index.ts";
import { sessionsOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";

/**
 * The catalogue's `run`/`verify` for the outreach actions (connections, messaging, events,
 * companies, groups, Sales Navigator and Recruiter messaging): the driver's action of the
 * same name, on the request's account. The driver maps API.md's inputs to LinkedIn's calls
 * and LinkedIn's answers back to API.md's result fields; nothing here re-shapes them.
 */
type Input = Record<string, unknown>;

export interface DrivenRuns {
  run: (ctx: RunContext, input: Input) => Promise<unknown>;
  verify?: (ctx: RunContext, input: Input) => Promise<unknown | null>;
}

function driverContext(ctx: RunContext): DriverContext {
  const accountId = ctx.request.accountId;
  if (!accountId) throw new WelinkError("INVALID_REQUEST", "the request names no account");
  const out: DriverContext = { sessions: sessionsOf(ctx.deps), accountId };
  // verify looks for a write made by an earlier attempt of this request, none of which can
  // predate its creation (started_at is the current attempt's, so it would be too late).
  if (ctx.request.createdAt) out.since = ctx.request.createdAt;
  return out;
}

/** `run` (and `verify` for writes) of the driver's action `name`; a missing one is a programming error. */
export function driven(name: string): DrivenRuns {
  const action = driverAction(name);
  if (!action) throw new Error(`catalogue: the driver has no action ${name}`);
  const runs: DrivenRuns = { run: (ctx, input) => action.run(driverContext(ctx), input) };
  const verify = action.verify;
  if (verify) runs.verify = (ctx, input) => verify(driverContext(ctx), input);
  return runs;
}
