/** Sends and inbox reads (personal, Sales Navigator, Recruiter), greetings, with exactly-once checks. */
import { WelinkError } from "../../errors/index.ts";
import type { LinkedInClient } from "../client.ts";
import { eventIdOf } from "../families/events.ts";
import { groupIdOf } from "../families/groups.ts";
import type { SendOptions, SendResult } from "../families/messaging.ts";
import { idOf } from "./network.ts";
import { type DriverAction, type DriverContext, type Input, need, num, startOf, str, withClient } from "./types.ts";

/** A send to a member, and its exactly-once check: the same text from us in the thread with them. */
function sendToMember(options: (input: Input) => SendOptions): DriverAction {
  return withClient(
    async (client, input) =>
      client.messaging.sendToProfile(await idOf(client, input), need(input, "message"), options(input)),
    async (client, input, ctx) => findSent(client, await idOf(client, input), need(input, "message"), ctx),
  );
}

async function findSent(
  client: LinkedInClient,
  profileId: string,
  text: string,
  ctx: DriverContext,
): Promise<SendResult | null> {
  const thread = await client.messaging.findThreadWith(profileId);
  if (!thread) return null;
  const m = await client.messaging.findMessage(thread.thread_id, text, ctx.since ?? 0);
  return m ? { thread_id: m.thread_id || thread.thread_id, message_id: m.message_id, sent_at: m.sent_at } : null;
}

async function findInThread(client: LinkedInClient, input: Input, ctx: DriverContext): Promise<SendResult | null> {
  const threadId = need(input, "thread_id");
  const m = await client.messaging.findMessage(threadId, need(input, "message"), ctx.since ?? 0);
  return m ? { thread_id: m.thread_id || threadId, message_id: m.message_id, sent_at: m.sent_at } : null;
}

/** wish_birthday / wish_work_anniversary / wish_job_change: to a thread or a connection. */
const greeting: DriverAction = withClient(
  async (client, input) => {
    const thread = str(input, "thread_id");
    if (thread) return client.messaging.sendToThread(thread, need(input, "message"));
    return client.messaging.sendToProfile(await idOf(client, input), need(input, "message"));
  },
  async (client, input, ctx) =>
    str(input, "thread_id")
      ? findInThread(client, input, ctx)
      : findSent(client, await idOf(client, input), need(input, "message"), ctx),
);

const OCCASIONS: Record<string, string[]> = {
  birthday: ["BIRTHDAY"],
  work_anniversary: ["WORK_ANNIVERSARY"],
  job_change: ["JOB_CHANGE"],
  all: ["BIRTHDAY", "WORK_ANNIVERSARY", "JOB_CHANGE"],
};

/** `{first_name}` in a greeting becomes the connection's first name. */
function personalise(template: string, firstName: string): string {
  return template.replace(/\{first_?name\}/gi, firstName);
}

export const MESSAGING_ACTIONS: Record<string, DriverAction> = {
  send_message_to_profile_id: sendToMember(() => ({})),
  send_inmail_message: sendToMember((input) => ({ inMailSubject: need(input, "subject") })),
  send_message_to_group_member: sendToMember((input) => ({
    contextUrn: `urn:li:fsd_group:${groupIdOf(need(input, "group_id"))}`,
  })),
  send_message_to_event_member: sendToMember((input) => ({
    contextUrn: `urn:li:fsd_professionalEvent:${eventIdOf(need(input, "event_id"))}`,
  })),
  send_message_to_thread: withClient(
    (client, input) => client.messaging.sendToThread(need(input, "thread_id"), need(input, "message")),
    findInThread,
  ),
  personal_message_threads: withClient(async (client, input) => {
    const page = await client.messaging.threads(str(input, "cursor"), num(input, "count", 20));
    return { threads: page.threads, next_cursor: page.next_cursor };
  }),
  personal_messages: withClient(async (client, input) => {
    const page = await client.messaging.messages(
      need(input, "thread_id"),
      str(input, "cursor"),
      num(input, "count", 20),
    );
    return { messages: page.messages, next_cursor: page.next_cursor };
  }),

  wish_birthday: greeting,
  wish_work_anniversary: greeting,
  wish_job_change: greeting,
  greet_profiles: withClient(async (client, input) => {
    const occasion = str(input, "occasion") ?? "all";
    const kinds = OCCASIONS[occasion];
    if (!kinds)
      throw new WelinkError("INVALID_REQUEST", `occasion must be one of ${Object.keys(OCCASIONS).join(", ")}`);
    const today = await client.connections.celebrations(kinds);
    if (!today.length) throw new WelinkError("NO_PROFILES_TO_GREET", "No connection has a matching occasion today");
    const greeted = [];
    for (const c of today) {
      const sent = await client.messaging.sendToProfile(
        c.profile.profile_id,
        personalise(need(input, "message"), c.profile.first_name),
      );
      greeted.push({ profile_id: c.profile.profile_id, occasion: c.occasion, ...sent });
    }
    return { greeted };
  }),

  sales_navigator_threads: withClient(async (client, input) => {
    const start = startOf(input);
    const threads = await client.sales.threads(start, num(input, "count", 20));
    return { threads, next_cursor: threads.length ? String(start + threads.length) : null };
  }),
  sales_navigator_messages: withClient(async (client, input) => {
    const start = startOf(input);
    const messages = await client.sales.messages(need(input, "thread_id"), start, num(input, "count", 20));
    return { messages, next_cursor: messages.length ? String(start + messages.length) : null };
  }),
  send_message_to_sales_navigator_thread: withClient((client, input) =>
    client.sales.send({
      threadId: need(input, "thread_id"),
      body: need(input, "message"),
      ...(str(input, "sender_profile_id") ? { senderId: str(input, "sender_profile_id") as string } : {}),
    }),
  ),
  send_sales_navigator_inmail: withClient(async (client, input) => {
    const profile = await client.profiles.get({ kind: "id", id: await idOf(client, input) });
    if (!profile.sales_navigator_id)
      throw new WelinkError("PROFILE_NOT_FOUND", "The member has no Sales Navigator lead");
    return client.sales.send({
      recipients: [`urn:li:fs_salesProfile:(${profile.sales_navigator_id},NAME_SEARCH,-)`],
      subject: need(input, "subject"),
      body: need(input, "message"),
      ...(str(input, "sender_profile_id") ? { senderId: str(input, "sender_profile_id") as string } : {}),
    });
  }),

  // The result names the candidate's Recruiter id, so a reply tracker need not look it up again.
  send_recruiter_message: withClient(
    async (client, input) => {
      const recruiterId = await candidateOf(client, input);
      const sent = await client.recruiter.message({ ...recruiterInMail(input), recruiterId });
      return { ...sent, recruiter_id: recruiterId };
    },
    // The same subject and text sent to the candidate under the contract since the request.
    async (client, input, ctx) => {
      const inMail = recruiterInMail(input);
      const recruiterId = await candidateOf(client, input);
      const found = await client.recruiter.findMessage(inMail.contractId, recruiterId, inMail, ctx.since ?? 0);
      return found && { ...found, recruiter_id: recruiterId };
    },
  ),
};

/** The Recruiter InMail a `send_recruiter_message` input asks for, but its candidate. */
function recruiterInMail(input: Input): { contractId: string; subject: string; body: string; signature?: string } {
  const signature = str(input, "signature");
  return {
    contractId: need(input, "contract_id"),
    subject: need(input, "subject"),
    body: need(input, "message"),
    ...(signature ? { signature } : {}),
  };
}

/** The Recruiter id (`AEMAA…`) of the candidate: given, or found by name in Recruiter. */
export async function candidateOf(client: LinkedInClient, input: Input): Promise<string> {
  const given = need(input, "profile_id");
  const recruiterId = /AEMAA[\w-]+/.exec(given)?.[0];
  if (recruiterId) return recruiterId;
  const p = await client.profiles.get({ kind: "id", id: await idOf(client, input) });
  return client.recruiter.candidateFor(need(input, "contract_id"), {
    firstName: p.first_name,
    lastName: p.last_name,
    publicIdentifier: p.public_identifier ?? "",
  });
}
