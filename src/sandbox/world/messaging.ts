/**
 * Conversations and the rules for starting and continuing them: 1st-degree messages, message
 * requests (shared group or event, or an open profile), InMail, Sales Navigator and Recruiter
 * messages. The initiator of anything but a normal conversation may not follow up before the
 * recipient replied or accepted (DATAFETCHINGEXCEPTION).
 */

import type { WorldClock } from "./clock.ts";
import type { Counters } from "./counters.ts";
import type { Events } from "./events.ts";
import type { Graph } from "./graph.ts";
import type { Groups } from "./groups.ts";
import { threadIdFor } from "./ids.ts";
import type { InMailCredits } from "./inmail.ts";
import type { Members } from "./members.ts";
import type { Pushback } from "./pushback.ts";
import { refuse } from "./refusal.ts";
import type { Sessions } from "./sessions.ts";
import type { WorldSettings } from "./settings.ts";
import type { Member, Message, RequestContext, Thread, ThreadKind } from "./types.ts";

export interface MessagingDeps {
  seed: number;
  members: Members;
  graph: Graph;
  groups: Groups;
  events: Events;
  sessions: Sessions;
  credits: InMailCredits;
  clock: WorldClock;
  settings: WorldSettings;
  counters: Counters;
  pushback: Pushback;
}

export interface Sent {
  thread: Thread;
  message: Message;
}

export class Messaging {
  private nextThread = 1;
  private nextMessage = 1;
  private readonly threads = new Map<string, Thread>();
  private readonly byMember = new Map<number, Set<Thread>>();
  /** "kind:from:to" → the conversation of that kind the first member started with the second. */
  private readonly started = new Map<string, Thread>();

  constructor(private readonly deps: MessagingDeps) {}

  /**
   * A message to a 1st-degree connection (RECIPIENT_NOT_FIRST_DEGREE_CONNECTION otherwise),
   * in their existing conversation if there is one. `senderProfileId`, when the client sent
   * one, must be the sender's own (MESSAGE_VALIDATION_PLUGIN_ERROR).
   */
  send(senderId: number, recipientId: number, text: string, senderProfileId?: string): Sent {
    const sender = this.begin(senderId, recipientId, text);
    if (senderProfileId !== undefined && senderProfileId !== sender.profileId) {
      refuse("MESSAGE_VALIDATION_PLUGIN_ERROR", "sender id does not match the session");
    }
    if (!this.deps.graph.areConnected(senderId, recipientId)) {
      refuse("RECIPIENT_NOT_FIRST_DEGREE_CONNECTION", "recipient is not a 1st-degree connection");
    }
    const thread = this.normalThread(senderId, recipientId) ?? this.open("normal", senderId, recipientId, null);
    return { thread, message: this.append(thread, senderId, null, text) };
  }

  /** A message request through a shared group or event, or to an open profile (UNAUTHORIZED_VIEWER otherwise). */
  sendRequest(senderId: number, recipientId: number, text: string, via: RequestContext): Sent {
    this.begin(senderId, recipientId, text);
    const recipient = this.deps.members.require(recipientId);
    const allowed =
      "group" in via
        ? this.deps.groups.share(senderId, recipientId, via.group)
        : "event" in via
          ? this.deps.events.share(senderId, recipientId, via.event)
          : recipient.openProfile;
    if (!allowed) refuse("UNAUTHORIZED_VIEWER", "not in the same group or event");
    return this.startOrFollowUp("message_request", senderId, recipientId, null, text, () => ({ context: via }));
  }

  /** InMail (Premium and up): a credit per new conversation unless the recipient has an open profile. */
  sendInMail(senderId: number, recipientId: number, subject: string | null, text: string): Sent {
    this.begin(senderId, recipientId, text);
    return this.startOrFollowUp("inmail", senderId, recipientId, subject, text, () =>
      this.chargeFor(senderId, recipientId),
    );
  }

  /**
   * A Sales Navigator message: SALES_SEAT_REQUIRED without a seat; `senderSalesId` must be the
   * sender's ACwAA id (MESSAGE_VALIDATION_PLUGIN_ERROR). Free to 1st-degree connections and
   * open profiles, an InMail credit otherwise.
   */
  sendSalesNavigator(
    senderId: number,
    senderSalesId: string,
    recipientId: number,
    subject: string | null,
    text: string,
  ): Sent {
    const sender = this.begin(senderId, recipientId, text);
    if (sender.tier !== "sales_navigator") refuse("SALES_SEAT_REQUIRED", "no Sales Navigator seat");
    if (senderSalesId !== sender.salesId)
      refuse("MESSAGE_VALIDATION_PLUGIN_ERROR", "invalid Sales Navigator sender id");
    return this.startOrFollowUp("sales_navigator", senderId, recipientId, subject, text, () =>
      this.deps.graph.areConnected(senderId, recipientId) ? {} : this.chargeFor(senderId, recipientId),
    );
  }

  /**
   * A Recruiter InMail from the session holding the Recruiter seat (RECRUITER_AUTH_REQUIRED
   * otherwise), under one of the member's contracts (FORBIDDEN otherwise).
   */
  sendRecruiter(liAt: string, contractId: number, recipientId: number, subject: string | null, text: string): Sent {
    this.deps.sessions.requireRecruiter(liAt);
    const senderId = this.deps.sessions.active(liAt)?.memberId as number;
    const sender = this.begin(senderId, recipientId, text);
    if (!sender.recruiterContracts.some((c) => c.id === contractId)) refuse("FORBIDDEN", "not a contract of this seat");
    return this.startOrFollowUp("recruiter", senderId, recipientId, subject, text, () => ({
      ...this.chargeFor(senderId, recipientId),
      contractId,
    }));
  }

  /**
   * A message in an existing conversation. THREAD_VALIDATION_PLUGIN_ERROR for an unknown
   * thread or a non-participant; DATAFETCHINGEXCEPTION for the initiator's follow-up before
   * the recipient replied. A recipient's reply accepts the conversation and, within 90 days,
   * gives the InMail credit back. Also the control API's "reply as the other member".
   */
  reply(senderId: number, threadId: string, text: string, senderProfileId?: string): Sent {
    this.deps.pushback.guardAction(senderId);
    const sender = this.deps.members.require(senderId);
    if (senderProfileId !== undefined && senderProfileId !== sender.profileId) {
      refuse("MESSAGE_VALIDATION_PLUGIN_ERROR", "sender id does not match the session");
    }
    const thread = this.view(senderId, threadId);
    if (text.trim() === "") refuse("BAD_REQUEST", "empty message");
    if (thread.kind !== "normal" && !thread.accepted && thread.participantIds[0] === senderId) {
      refuse("DATAFETCHINGEXCEPTION", "the recipient has not accepted the first message yet");
    }
    if (thread.participantIds[0] !== senderId) this.acceptThread(thread);
    return { thread, message: this.append(thread, senderId, null, text) };
  }

  /** The recipient accepts a message request or InMail without replying (control API). */
  accept(memberId: number, threadId: string): Thread {
    const thread = this.view(memberId, threadId);
    if (thread.participantIds[0] === memberId) refuse("BAD_REQUEST", "the initiator cannot accept");
    this.acceptThread(thread);
    return thread;
  }

  /** The thread as a participant sees it; THREAD_VALIDATION_PLUGIN_ERROR otherwise. */
  view(memberId: number, threadId: string): Thread {
    const thread = this.threads.get(threadId);
    if (!thread?.participantIds.includes(memberId)) {
      return refuse("THREAD_VALIDATION_PLUGIN_ERROR", "unknown thread or not a participant");
    }
    return thread;
  }

  get(threadId: string): Thread | undefined {
    return this.threads.get(threadId);
  }

  /** The member's conversations, most recent activity first, optionally of some kinds. */
  inbox(memberId: number, kinds?: readonly ThreadKind[]): Thread[] {
    const all = [...(this.byMember.get(memberId) ?? [])];
    return all
      .filter((t) => kinds === undefined || kinds.includes(t.kind))
      .sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.id < b.id ? -1 : 1));
  }

  markRead(memberId: number, threadId: string): void {
    const thread = this.view(memberId, threadId);
    if (!thread.readBy.includes(memberId)) thread.readBy.push(memberId);
  }

  /** The 1st-degree conversation between two members, if any. */
  normalThread(a: number, b: number): Thread | undefined {
    return this.started.get(`normal:${a}:${b}`) ?? this.started.get(`normal:${b}:${a}`);
  }

  all(): Thread[] {
    return [...this.threads.values()];
  }

  private begin(senderId: number, recipientId: number, text: string): Member {
    this.deps.pushback.guardAction(senderId);
    const sender = this.deps.members.require(senderId);
    this.deps.members.require(recipientId);
    if (senderId === recipientId) refuse("BAD_REQUEST", "cannot message yourself");
    if (text.trim() === "") refuse("BAD_REQUEST", "empty message");
    return sender;
  }

  private chargeFor(senderId: number, recipientId: number): { credit?: Thread["credit"] } {
    const recipient = this.deps.members.require(recipientId);
    if (recipient.openProfile) return {};
    if (!recipient.acceptsInMail) refuse("NOT_ENOUGH_INMAIL_CREDIT", "the recipient does not accept InMail");
    const month = this.deps.credits.charge(senderId);
    this.deps.counters.bump(senderId, "inmailsSent");
    return { credit: { memberId: senderId, month, refunded: false } };
  }

  /** A new conversation of this kind, or a follow-up in the one the sender started before. */
  private startOrFollowUp(
    kind: ThreadKind,
    senderId: number,
    recipientId: number,
    subject: string | null,
    text: string,
    setup: () => { context?: RequestContext; credit?: Thread["credit"]; contractId?: number },
  ): Sent {
    const existing = this.started.get(`${kind}:${senderId}:${recipientId}`);
    if (existing) {
      if (!existing.accepted) refuse("DATAFETCHINGEXCEPTION", "the recipient has not accepted the first message yet");
      return { thread: existing, message: this.append(existing, senderId, subject, text) };
    }
    const extra = setup();
    const thread = this.open(kind, senderId, recipientId, extra.context ?? null);
    thread.credit = extra.credit ?? null;
    thread.contractId = extra.contractId ?? null;
    return { thread, message: this.append(thread, senderId, subject, text) };
  }

  private open(kind: ThreadKind, from: number, to: number, context: RequestContext | null): Thread {
    const now = this.deps.clock.now();
    const thread: Thread = {
      id: threadIdFor(this.nextThread++, this.deps.seed),
      kind,
      participantIds: [from, to],
      createdAt: now,
      lastActivityAt: now,
      messages: [],
      accepted: kind === "normal",
      requestContext: context,
      credit: null,
      contractId: null,
      readBy: [],
    };
    this.threads.set(thread.id, thread);
    this.started.set(`${kind}:${from}:${to}`, thread);
    for (const id of thread.participantIds) {
      let set = this.byMember.get(id);
      if (!set) {
        set = new Set();
        this.byMember.set(id, set);
      }
      set.add(thread);
    }
    return thread;
  }

  private acceptThread(thread: Thread): void {
    if (thread.accepted) return;
    thread.accepted = true;
    const credit = thread.credit;
    const now = this.deps.clock.now();
    if (credit && !credit.refunded && now - thread.createdAt <= this.deps.settings.inmailRefundWindowMs) {
      credit.refunded = true;
      this.deps.credits.refund(credit.memberId);
    }
  }

  private append(thread: Thread, senderId: number, subject: string | null, text: string): Message {
    const now = this.deps.clock.now();
    const message: Message = { id: this.nextMessage++, threadId: thread.id, senderId, subject, text, sentAt: now };
    thread.messages.push(message);
    thread.lastActivityAt = now;
    thread.readBy = [senderId];
    this.deps.counters.bump(senderId, "messagesSent");
    return message;
  }
}
