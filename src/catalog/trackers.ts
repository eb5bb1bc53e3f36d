import { WelinkError } from "../errors/index.ts";
import type { TrackerRow } from "../store/engine-types.ts";
import type { RunContext } from "./define.ts";

/**
 * The runs of `get_active_tracker` and `update_message_tracker` (their entries, input
 * schemas and routes are in messaging.ts). Trackers live in the engine's store: a send with
 * `track_reply` starts one, the engine polls it at its frequency, and it fires
 * `message_received` once and stops. The engine uses these runs for the two actions.
 */

function trackerView(t: TrackerRow) {
  return {
    tracker_id: t.id,
    type: t.kind === "reply" ? "message_reply" : "connection_acceptance",
    requestId: t.requestId,
    thread_id: (t.target.thread_id as string | undefined) ?? null,
    profile_id: (t.target.profile_id as string | undefined) ?? null,
    invitation_id: (t.target.invitation_id as string | undefined) ?? null,
    frequency: t.frequencyMs / 3_600_000,
    active: t.active,
    next_check_at: t.active ? t.nextCheckAt : null,
    fired_at: t.firedAt,
    created_at: t.createdAt,
  };
}

function engineStore(ctx: RunContext) {
  const engine = ctx.deps.engine;
  if (!engine) throw new WelinkError("INTERNAL_ERROR", "The engine is not available on this server");
  return engine.store;
}

export async function getActiveTrackers(ctx: RunContext, input: { accountId: string }): Promise<unknown> {
  const rows = await engineStore(ctx).listTrackers(input.accountId, { activeOnly: true });
  return { trackers: rows.map(trackerView) };
}

export async function updateMessageTracker(
  ctx: RunContext,
  input: { accountId: string; tracker_id: string; active: boolean },
): Promise<unknown> {
  const store = engineStore(ctx);
  const found = await store.getTracker(input.tracker_id);
  if (!found || found.accountId !== input.accountId) throw new WelinkError("NOT_FOUND", "tracker_id not found");
  if (found.firedAt !== null && input.active) {
    // A tracker fires once; turning a fired one back on would fire the same reply again.
    return trackerView(found);
  }
  const row = await store.setTrackerActive(found.id, input.active, ctx.deps.clock.now());
  return trackerView(row!);
}

/** Runs the engine uses for catalogue entries that have none of their own. */
export const TRACKER_RUNS = {
  get_active_tracker: getActiveTrackers,
  update_message_tracker: updateMessageTracker,
} as const;
