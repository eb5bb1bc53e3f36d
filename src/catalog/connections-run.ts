import { bindDriver } from "../linkedin/index.ts";
import type { RunContext } from "./define.ts";

/**
 * The catalogue's `run`/`verify` for actions the driver serves as a whole: the driver's
 * action of the same name on the request's account (`bindDriver`). The driver maps API.md's
 * inputs to LinkedIn's calls and LinkedIn's answers back to API.md's result fields; nothing
 * here re-shapes them. Kept as the catalogue-side name the family files import.
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
