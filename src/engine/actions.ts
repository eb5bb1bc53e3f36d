import type { Bucket, RunContext } from "../catalog/define.ts";
import { TRACKER_RUNS } from "../catalog/trackers.ts";

/**
 * What the engine needs of a catalogue action (a subset of `ActionDef`, so tests can
 * register their own). `verify` is the exactly-once check of a write: given the input of
 * a request whose earlier attempt may have reached LinkedIn, it reads LinkedIn's state and
 * returns the result if the write happened (the invitation exists, the message is in the
 * thread), else null; only then is `run` called again.
 */
export interface EngineAction {
  name: string;
  bucket?: Bucket;
  /** The bucket counts results, not calls (ActionDef.perResult). */
  perResult?: { defaultLimit: number };
  run?: (ctx: RunContext, input: never) => Promise<unknown>;
  verify?: (ctx: RunContext, input: never) => Promise<unknown | null>;
}

/** Actions that may run on a paused lane (they are how an account comes back). */
export const SESSION_ACTIONS = ["login_v2", "login", "login_code", "login_cookie"] as const;

/**
 * Name → runnable action. Tracker actions whose data lives in the engine's own store
 * (`get_active_tracker`, `update_message_tracker`) get their run from src/catalog/trackers.ts
 * when the catalogue entry has none.
 */
export function actionIndex(actions: readonly EngineAction[]): Map<string, EngineAction> {
  const map = new Map<string, EngineAction>();
  for (const a of actions) {
    const builtIn = TRACKER_RUNS[a.name as keyof typeof TRACKER_RUNS] as EngineAction["run"] | undefined;
    const run = a.run ?? builtIn;
    if (run) map.set(a.name, { ...a, run });
  }
  return map;
}
