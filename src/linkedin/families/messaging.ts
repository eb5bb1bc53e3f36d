/**
 * Messaging over messenger GraphQL (reads) and the Dash `createMessage` action (sends),
 * the 2025–26 generation (voyager.md §3.7). Thread ids are LinkedIn's `2-…` ids; the
 * conversation URN is rebuilt from the account's own profile URN. `findMessage` answers
 * "is this message already in the thread", the engine's exactly-once check for sends.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { WelinkError } from "../../errors/index.ts";
import {
  actionValue,
  graphqlRoot,
  isObject,
  type JsonObject,
  objects,
  optNumber,
  optObject,
  optString,
  restliRoot,
  ShapeError,
  textOf,
} from "../envelope.ts";
import type { PathStep } from "../profile/loader.ts";
import { encodeRestli, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { profileUrn } from "./refs.ts";
import { expectOk, graphqlRefusal, type RefusalTable } from "./refusals.ts";

export const MESSAGING_REFUSALS: RefusalTable = {
  codes: {
    RECIPIENT_NOT_FIRST_DEGREE_CONNECTION: "RECIPIENT_NOT_FIRST_DEGREE_CONNECTION",
    PROFILE_NOT_FOUND: "PROFILE_NOT_FOUND",
    THREAD_VALIDATION_PLUGIN_ERROR: "THREAD_VALIDATION_PLUGIN_ERROR",
    MESSAGE_VALIDATION_PLUGIN_ERROR: "MESSAGE_VALIDATION_PLUGIN_ERROR",
    DATAFETCHINGEXCEPTION: "DATAFETCHINGEXCEPTION",
    UNAUTHORIZED_VIEWER: "UNAUTHORIZED_VIEWER",
    EVENT_NOT_FOUND: "EVENT_NOT_FOUND",
    NO_GROUP_DATA: "NO_GROUP_DATA",
    NOT_ENOUGH_INMAIL_CREDIT: "NOT_ENOUGH_INMAIL_CREDIT",
  },
  statuses: { "messaging.send": { 402: "NOT_ENOUGH_INMAIL_CREDIT" } },
};

export interface Participant {
  profile_id: string;
  first_name: string;
  last_name: string;
  headline: string | null;
}

export interface Message {
  message_id: string;
  thread_id: string;
  sender_profile_id: string | null;
  text: string;
  subject: string | null;
  sent_at: number;
}

export interface Thread {
  thread_id: string;
  title: string | null;
  last_activity_at: number | null;
  unread_count: number;
  read: boolean;
  state: string | null;
  categories: string[];
  /** Everyone but the account itself. */
  participants: Participant[];
  last_message: Message | null;
}

export interface SendResult {
  thread_id: string;
  message_id: string;
  sent_at: number;
}

/** `urn:li:msg_conversation:(urn:li:fsd_profile:X,2-abc)` → `2-abc`; a bare `2-abc` stays. */
export function threadIdOf(value: string): string {
  const m = /^urn:li:msg_conversation:\(urn:li:fsd_profile:[^,]+,(.+)\)$/.exec(value.trim());
  if (m) return m[1] as string;
  const legacy = /^urn:li:messagingThread:(.+)$/.exec(value.trim());
  if (legacy) return legacy[1] as string;
  const url = /\/messaging\/thread\/([^/?#]+)/.exec(value);
  if (url) return decodeURIComponent(url[1] as string);
  if (!/^[\w=+/-]+$/.test(value.trim()))
    throw new WelinkError("THREAD_VALIDATION_PLUGIN_ERROR", `Not a thread id: ${value}`);
  return value.trim();
}

function messageIdOf(urn: string): string {
  const m = /^urn:li:msg_message:\(urn:li:fsd_profile:[^,]+,(.+)\)$/.exec(urn);
  return m ? (m[1] as string) : urnId(urn);
}

function readParticipant(p: JsonObject): Participant & { self: boolean } {
  const member = optObject(optObject(p, "participantType"), "member");
  const host = optString(p, "hostIdentityUrn") ?? optString(p, "entityUrn") ?? "";
  return {
    profile_id: urnId(host),
    first_name: textOf(member?.firstName) ?? "",
    last_name: textOf(member?.lastName) ?? "",
    headline: textOf(member?.headline) ?? null,
    self: optString(member, "distance") === "SELF",
  };
}

export function readMessage(m: JsonObject): Message {
  const urn = optString(m, "entityUrn");
  if (!urn) throw new ShapeError("message without entityUrn");
  const conv = optString(m, "conversationUrn") ?? optString(m, "backendConversationUrn") ?? "";
  const sender = optObject(m, "sender");
  return {
    message_id: messageIdOf(urn),
    thread_id: conv ? threadIdOf(conv) : "",
    sender_profile_id: sender ? readParticipant(sender).profile_id : null,
    text: textOf(m.body) ?? "",
    subject: optString(m, "subject") ?? null,
    sent_at: optNumber(m, "deliveredAt") ?? 0,
  };
}

function readThread(c: JsonObject): Thread {
  const urn = optString(c, "entityUrn");
  if (!urn) throw new ShapeError("conversation without entityUrn");
  const participants = objects(Array.isArray(c.conversationParticipants) ? c.conversationParticipants : [])
    .map(readParticipant)
    .filter((p) => !p.self)
    .map(({ self: _self, ...p }) => p);
  const latest = objects(
    Array.isArray(optObject(c, "messages")?.elements) ? (optObject(c, "messages")?.elements as JsonObject[]) : [],
  )[0];
  return {
    thread_id: threadIdOf(urn),
    title: optString(c, "title") ?? null,
    last_activity_at: optNumber(c, "lastActivityAt") ?? null,
    unread_count: optNumber(c, "unreadCount") ?? 0,
    read: c.read === true,
    state: optString(c, "state") ?? null,
    categories: (Array.isArray(c.categories) ? c.categories : []).filter((x): x is string => typeof x === "string"),
    participants,
    last_message: latest ? readMessage(latest) : null,
  };
}

export interface SendOptions {
  /** InMail to a non-connection. */
  inMailSubject?: string;
  /** A group or event shared with the recipient (a message request). */
  contextUrn?: string;
}

export class Messaging {
  constructor(private readonly ctx: FamilyContext) {}

  conversationUrn(threadId: string): string {
    return `urn:li:msg_conversation:(${this.ctx.self.profileUrn},${threadIdOf(threadId)})`;
  }

  private async graphql(op: string, step: PathStep, variables: JsonObject, rootName: string): Promise<JsonObject> {
    const v = this.ctx.voyager;
    const query = `queryId=${v.queryId(step)}&variables=${encodeRestli(variables)}`;
    const res = expectOk(
      op,
      await v.call(op, step, { query, pageKey: "d_flagship3_messaging_conversation_detail" }),
      MESSAGING_REFUSALS,
    );
    const { root, errors } = graphqlRoot(res, rootName);
    if (errors.length) throw graphqlRefusal(op, errors, MESSAGING_REFUSALS);
    if (!isObject(root)) throw new ShapeError(`no ${rootName}`);
    return root;
  }

  /** Inbox threads, most recent first; `cursor` from the previous page's `next_cursor`. */
  async threads(
    cursor?: string,
    count = 20,
    category = "PRIMARY_INBOX",
  ): Promise<{ threads: Thread[]; next_cursor: string | null }> {
    const op = "messaging.conversations";
    return this.ctx.voyager.run(op, {
      graphql: async (step) => {
        const variables: JsonObject = {
          query: { predicateUnions: [{ conversationCategoryPredicate: { category } }] },
          count,
          mailboxUrn: this.ctx.self.profileUrn,
        };
        if (cursor) variables.nextCursor = cursor;
        const root = await this.graphql(op, step, variables, "messengerConversationsByCategoryQuery");
        const elements = objects(Array.isArray(root.elements) ? root.elements : []);
        return {
          threads: elements.map(readThread),
          next_cursor: optString(optObject(root, "metadata"), "nextCursor") ?? null,
        };
      },
    });
  }

  /** Messages of a thread, newest first; `cursor` walks back in time. */
  async messages(
    threadId: string,
    cursor?: string,
    count = 20,
  ): Promise<{ messages: Message[]; next_cursor: string | null }> {
    const op = "messaging.messages";
    return this.ctx.voyager.run(op, {
      graphql: async (step) => {
        const variables: JsonObject = { conversationUrn: this.conversationUrn(threadId), count };
        if (cursor) variables.prevCursor = cursor;
        const root = await this.graphql(op, step, variables, "messengerMessagesByConversation");
        const elements = objects(Array.isArray(root.elements) ? root.elements : []);
        const messages = elements.map(readMessage).sort((a, b) => b.sent_at - a.sent_at);
        return { messages, next_cursor: optString(optObject(root, "metadata"), "prevCursor") ?? null };
      },
    });
  }

  /** Sends into an existing thread. */
  async sendToThread(threadId: string, text: string): Promise<SendResult> {
    return this.create({ conversationUrn: this.conversationUrn(threadId) }, text);
  }

  /** Starts (or continues) the conversation with a member. */
  async sendToProfile(profileId: string, text: string, options: SendOptions = {}): Promise<SendResult> {
    const extra: JsonObject = { hostRecipientUrns: [profileUrn(profileId)] };
    if (options.inMailSubject !== undefined) extra.inMail = { subject: options.inMailSubject };
    if (options.contextUrn) extra.contextUrn = options.contextUrn;
    return this.create(extra, text);
  }

  private async create(target: JsonObject, text: string): Promise<SendResult> {
    const op = "messaging.send";
    const v = this.ctx.voyager;
    const { conversationUrn, ...rest } = target;
    const message: JsonObject = { body: { text, attributes: [] }, renderContentUnions: [], originToken: randomUUID() };
    if (typeof conversationUrn === "string") message.conversationUrn = conversationUrn;
    const body = {
      message,
      mailboxUrn: this.ctx.self.profileUrn,
      // 16 random bytes as a Latin-1 string, as the web client sends it (voyager.md §3.7).
      trackingId: randomBytes(16).toString("latin1"),
      dedupeByClientGeneratedToken: false,
      ...rest,
    };
    return v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: "action=createMessage",
          body: JSON.stringify(body),
          contentType: "text/plain;charset=UTF-8",
          pageKey: "d_flagship3_messaging_conversation_detail",
        });
        const m = readMessage(actionValue(expectOk(op, res, MESSAGING_REFUSALS)));
        return { thread_id: m.thread_id, message_id: m.message_id, sent_at: m.sent_at };
      },
    });
  }

  /**
   * The account's own message with this text in the thread, sent at or after `since` (our
   * clock; moved onto LinkedIn's with the skew the transport measured, less a margin for
   * the Date header's one-second grain), looking at the newest `scan` messages; or null.
   */
  async findMessage(threadId: string, text: string, since = 0, scan = 40): Promise<Message | null> {
    since = this.ctx.voyager.transport.onServerClock(since);
    let cursor: string | undefined;
    let seen = 0;
    while (seen < scan) {
      const page = await this.messages(threadId, cursor, 20);
      for (const m of page.messages) {
        if (m.sender_profile_id === this.ctx.self.profileId && m.text === text && m.sent_at >= since) return m;
      }
      seen += page.messages.length;
      if (!page.next_cursor || !page.messages.length || page.messages.every((m) => m.sent_at < since)) return null;
      cursor = page.next_cursor;
    }
    return null;
  }

  /** The thread with exactly this member (one-to-one), looked up in the inbox, or null. */
  async findThreadWith(profileId: string, maxPages = 10): Promise<Thread | null> {
    let cursor: string | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page = await this.threads(cursor);
      const hit = page.threads.find((t) => t.participants.length === 1 && t.participants[0]?.profile_id === profileId);
      if (hit) return hit;
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    for (const category of ["MESSAGE_REQUEST", "INMAIL"]) {
      const page = await this.threads(undefined, 20, category);
      const hit = page.threads.find((t) => t.participants.some((p) => p.profile_id === profileId));
      if (hit) return hit;
    }
    return null;
  }

  async markRead(threadId: string): Promise<void> {
    const op = "messaging.conversation";
    const v = this.ctx.voyager;
    await v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          params: { urn: this.conversationUrn(threadId) },
          body: JSON.stringify({ patch: { $set: { read: true } } }),
        });
        expectOk(op, res, MESSAGING_REFUSALS);
      },
    });
  }

  /** InMail credit balance (Premium). */
  async inmailCredits(): Promise<{ credit_balance: number; next_refresh_date: number | null }> {
    const op = "messaging.inmailCredits";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const res = expectOk(op, await v.call(op, step), MESSAGING_REFUSALS);
        const root = restliRoot(res);
        return {
          credit_balance: optNumber(root, "creditBalance") ?? 0,
          next_refresh_date: optNumber(root, "nextRefreshDate") ?? null,
        };
      },
    });
  }
}
