import { candidateOf } from "../linkedin/actions/messaging.ts";
import { bindDriver, type LinkedInClient, type SessionManager } from "../linkedin/index.ts";
import type { TrackerRow } from "../store/engine-types.ts";
import type { Store } from "../store/types.ts";
import { clientOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";

/** Sends whose conversation lives in the Sales Navigator inbox, not in the messenger. */
const SALES_SENDS: ReadonlySet<string> = new Set([
  "send_message_to_sales_navigator_thread",
  "send_sales_navigator_inmail",
]);

/**
 * The engine's tracker check (its `checkTracker` option), answered from LinkedIn through
 * the driver: a reply tracker fires when someone other than the account wrote in the
 * tracked thread after the tracked send; an acceptance tracker fires when the invited member
 * is now a first-degree connection. The answer is the event's data, or null to look again
 * later. Errors (a dead session, a 429) propagate: the engine reschedules the check.
 * Sales Navigator conversations are read in the Sales Navigator inbox, Recruiter InMails in
 * the Recruiter conversation with the candidate (the send's action and input are read from
 * the request).
 */
export function trackerCheck(
  sessions: SessionManager,
  store: Store,
): (tracker: TrackerRow) => Promise<Record<string, unknown> | null> {
  return async (tracker) => {
    const client = await sessions.client(tracker.accountId);
    if (tracker.kind === "reply") {
      const threadId = stringOf(tracker.target.thread_id);
      if (!threadId) return null;
      const after = typeof tracker.target.sent_at === "number" ? tracker.target.sent_at : 0;
      const request = tracker.requestId ? await store.getRequest(tracker.requestId) : null;
      const action = request?.action;
      if (action === "send_recruiter_message") return recruiterReply(client, request!.input, tracker);
      if (action && SALES_SENDS.has(action)) return salesReply(client, threadId, tracker, after);
      // Newest first: the first page holds any reply unless the thread is very busy, and
      // the oldest reply on that page is the one that answers the tracked message.
      const page = await client.messaging.messages(threadId, undefined, 20);
      const replies = page.messages.filter(
        (m) => m.sender_profile_id !== null && m.sender_profile_id !== client.self.profileId && m.sent_at > after,
      );
      const reply = replies.at(-1);
      if (!reply) return null;
      return {
        thread_id: reply.thread_id || threadId,
        message_id: reply.message_id,
        sender_profile_id: reply.sender_profile_id,
        text: reply.text,
        sent_at: reply.sent_at,
      };
    }
    const profileId = stringOf(tracker.target.profile_id);
    if (!profileId) return null;
    const profile = await client.profiles.get({ kind: "id", id: profileId });
    if (profile.connection_status !== "CONNECTED") return null;
    return {
      profile_id: profile.profile_id,
      public_identifier: profile.public_identifier,
      first_name: profile.first_name,
      last_name: profile.last_name,
      connected_at: profile.connected_at ?? null,
    };
  };
}

/**
 * A reply to a Recruiter InMail: a message from the candidate after ours in the Recruiter
 * conversation under the send's contract.
 */
async function recruiterReply(
  client: LinkedInClient,
  input: Record<string, unknown>,
  tracker: TrackerRow,
): Promise<Record<string, unknown> | null> {
  const contractId = stringOf(input.contract_id);
  if (!contractId) return null;
  const recruiterId = stringOf(tracker.target.recruiter_id) ?? (await candidateOf(client, input));
  const messages = await client.recruiter.conversation(contractId, recruiterId);
  // Oldest first: the first message from the other side after ours answers it.
  const at = messages.findIndex((m) => m.message_id === tracker.target.message_id);
  const ours = messages[at];
  if (!ours) return null;
  const reply = messages.slice(at + 1).find((m) => m.author !== ours.author);
  if (!reply) return null;
  return {
    thread_id: reply.thread_id,
    message_id: reply.message_id,
    sender: reply.author,
    text: reply.text,
    sent_at: reply.sent_at,
  };
}

/**
 * A reply in a Sales Navigator thread: a message after ours from another author (our own
 * author URN is read off the tracked message itself).
 */
async function salesReply(
  client: LinkedInClient,
  threadId: string,
  tracker: TrackerRow,
  after: number,
): Promise<Record<string, unknown> | null> {
  const messages = await client.sales.messages(threadId, 0, 40);
  const ours = messages.find((m) => m.message_id === tracker.target.message_id);
  if (!ours) return null;
  const replies = messages
    .filter((m) => m.author !== ours.author && (m.sent_at ?? 0) > after)
    .sort((a, b) => (a.sent_at ?? 0) - (b.sent_at ?? 0));
  const reply = replies[0];
  if (!reply) return null;
  return {
    thread_id: threadId,
    message_id: reply.message_id,
    sender: reply.author,
    text: reply.text,
    sent_at: reply.sent_at,
  };
}

function stringOf(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

const OCCASIONS: Record<string, string[]> = {
  birthday: ["BIRTHDAY"],
  work_anniversary: ["WORK_ANNIVERSARY"],
  job_change: ["JOB_CHANGE"],
  all: ["BIRTHDAY", "WORK_ANNIVERSARY", "JOB_CHANGE"],
};

/**
 * greet_profiles with its exactly-once check: the greetings an earlier attempt already sent
 * (today's occasions, the personalised text from us in the thread with each member since
 * the request was accepted). If any went out, the answer is those, and the attempt is not
 * run again: greeting someone twice is worse than missing the rest of a half-done run.
 */
export const greetProfiles = {
  run: bindDriver("greet_profiles").run,
  async verify(ctx: RunContext, input: Record<string, unknown>): Promise<unknown | null> {
    const client = await clientOf(ctx);
    const kinds = OCCASIONS[String(input.occasion ?? "all")];
    if (!kinds) return null;
    const greeted = [];
    for (const c of await client.connections.celebrations(kinds)) {
      // The same personalisation as the driver's greet_profiles ({first_name} / {firstName}).
      const text = String(input.message).replace(/\{first_?name\}/gi, c.profile.first_name);
      const thread = await client.messaging.findThreadWith(c.profile.profile_id);
      const m = thread ? await client.messaging.findMessage(thread.thread_id, text, ctx.request.createdAt) : null;
      if (m && thread)
        greeted.push({
          profile_id: c.profile.profile_id,
          occasion: c.occasion,
          thread_id: m.thread_id || thread.thread_id,
          message_id: m.message_id,
          sent_at: m.sent_at,
        });
    }
    return greeted.length ? { greeted } : null;
  },
};
