import type { NewTracker } from "../store/engine-types.ts";
import type { RequestRow } from "../store/types.ts";
import type { EngineAction } from "./actions.ts";

/**
 * Which watches a successful send starts. A message sent with `track_reply` watches its
 * thread for a reply (`message_received`, polled every `frequency` hours, default 1); an
 * invitation sent through welink watches for its acceptance (`connection_accepted`).
 * Both fire once and stop. The trackers are written in the same transaction as the send's
 * terminal state, so a crash cannot leave a tracked send untracked.
 */
export const HOUR_MS = 3_600_000;
export const DEFAULT_REPLY_FREQUENCY_H = 1;
/** Acceptances come over days; checking every few hours costs little and is on time enough. */
export const ACCEPTANCE_FREQUENCY_MS = 4 * HOUR_MS;
/** A watch older than this stops without firing (a reply after a month is no longer a reply to this). */
export const TRACKER_MAX_AGE_MS = 30 * 24 * HOUR_MS;

export function newTrackers(
  request: RequestRow,
  action: EngineAction,
  result: unknown,
  now: number,
  newId: () => string,
): NewTracker[] {
  if (!request.accountId || typeof result !== "object" || result === null) return [];
  const out = result as Record<string, unknown>;
  const input = request.input;
  const base = { workspaceId: request.workspaceId, accountId: request.accountId, requestId: request.id, now };
  const trackers: NewTracker[] = [];
  if (input.track_reply === true && typeof out.thread_id === "string") {
    const hours =
      typeof input.frequency === "number" && input.frequency > 0 ? input.frequency : DEFAULT_REPLY_FREQUENCY_H;
    trackers.push({
      ...base,
      id: newId(),
      kind: "reply",
      frequencyMs: Math.round(hours * HOUR_MS),
      target: {
        thread_id: out.thread_id,
        message_id: out.message_id ?? null,
        sent_at: typeof out.sent_at === "number" ? out.sent_at : now,
        profile_id: out.profile_id ?? input.profile_id ?? null,
        // A Recruiter InMail's candidate, so its checks need not look it up again.
        ...(typeof out.recruiter_id === "string" ? { recruiter_id: out.recruiter_id } : {}),
      },
    });
  }
  if (action.bucket === "invitation" && (out.connected === true || typeof out.invitation_id === "string")) {
    trackers.push({
      ...base,
      id: newId(),
      kind: "acceptance",
      frequencyMs: ACCEPTANCE_FREQUENCY_MS,
      target: {
        profile_id: out.profile_id ?? input.profile_id ?? null,
        invitation_id: out.invitation_id ?? null,
        sent_at: now,
      },
    });
  }
  return trackers;
}
