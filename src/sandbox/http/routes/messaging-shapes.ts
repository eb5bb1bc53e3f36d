/**
 * Messenger entities (sandbox-protocol.md §7): conversations, messages and participants as
 * one viewer sees them, with their URNs — `urn:li:msg_conversation:(<viewer>,2-…)` is
 * viewer-relative, as on LinkedIn, so the same thread has one URN per participant.
 */

import { profileUrn } from "../../world/ids.ts";
import type { Member, Message, Thread } from "../../world/types.ts";
import type { World } from "../../world/world.ts";
import { badRequest } from "../query.ts";
import { distanceOf, text } from "../shapes.ts";

type Obj = Record<string, unknown>;

export const conversationUrnFor = (viewer: Member, threadId: string) =>
  `urn:li:msg_conversation:(${profileUrn(viewer.profileId)},${threadId})`;

/** The thread id and mailbox of a conversation URN; BAD_REQUEST when not one. */
export function parseConversationUrn(urn: string): { mailbox: string; threadId: string } {
  const m = /^urn:li:msg_conversation:\((urn:li:fsd_profile:[A-Za-z0-9_-]+),(2-[A-Za-z0-9+/=_-]+)\)$/.exec(urn);
  if (!m) throw badRequest(`not a conversation URN: ${urn}`);
  return { mailbox: m[1] as string, threadId: m[2] as string };
}

function messageKey(m: Message): string {
  return `2-${Buffer.from(`${m.threadId}#${m.id}`).toString("base64")}`;
}

export function participant(world: World, viewer: Member, m: Member, base: string): Obj {
  return {
    $type: "com.linkedin.messenger.MessagingParticipant",
    entityUrn: `urn:li:msg_messagingParticipant:${profileUrn(m.profileId)}`,
    hostIdentityUrn: profileUrn(m.profileId),
    participantType: {
      member: {
        firstName: text(m.firstName),
        lastName: text(m.lastName),
        headline: text(m.headline),
        profileUrl: `${base}/in/${m.publicIdentifier}`,
        distance: distanceOf(world, viewer.memberId, m.memberId),
      },
    },
  };
}

export function messageEntity(world: World, viewer: Member, thread: Thread, msg: Message, base: string): Obj {
  const key = messageKey(msg);
  const entity: Obj = {
    $type: "com.linkedin.messenger.Message",
    entityUrn: `urn:li:msg_message:(${profileUrn(viewer.profileId)},${key})`,
    backendUrn: `urn:li:messagingMessage:${key}`,
    backendConversationUrn: `urn:li:messagingThread:${thread.id}`,
    conversationUrn: conversationUrnFor(viewer, thread.id),
    body: { text: msg.text, attributes: [] },
    deliveredAt: msg.sentAt,
    sender: participant(world, viewer, world.members.require(msg.senderId), base),
    renderContent: [],
    messageBodyRenderFormat: "DEFAULT",
  };
  if (msg.subject !== null) entity.subject = msg.subject;
  return entity;
}

/** The categories a thread has in this viewer's inbox. */
export function categoriesOf(thread: Thread, viewer: Member): string[] {
  const initiator = thread.participantIds[0] === viewer.memberId;
  if (thread.kind === "normal") return ["INBOX", "PRIMARY_INBOX"];
  if (thread.kind === "message_request") {
    return !thread.accepted && !initiator ? ["MESSAGE_REQUEST"] : ["INBOX", "PRIMARY_INBOX"];
  }
  return ["INBOX", "INMAIL"];
}

/** Threads shown in the LinkedIn messenger (Sales Navigator's own live in /sales-api). */
export function inMessenger(thread: Thread, viewer: Member): boolean {
  if (thread.kind === "sales_navigator" || thread.kind === "recruiter")
    return thread.participantIds[0] !== viewer.memberId;
  return true;
}

function unreadCount(thread: Thread, viewer: Member): number {
  if (thread.readBy.includes(viewer.memberId)) return 0;
  let n = 0;
  for (let i = thread.messages.length - 1; i >= 0 && thread.messages[i]?.senderId !== viewer.memberId; i--) n++;
  return n;
}

export function conversationEntity(world: World, viewer: Member, thread: Thread, base: string): Obj {
  const last = thread.messages[thread.messages.length - 1];
  const unread = unreadCount(thread, viewer);
  return {
    $type: "com.linkedin.messenger.Conversation",
    entityUrn: conversationUrnFor(viewer, thread.id),
    backendUrn: `urn:li:messagingThread:${thread.id}`,
    title: null,
    createdAt: thread.createdAt,
    lastActivityAt: thread.lastActivityAt,
    lastReadAt: unread === 0 ? thread.lastActivityAt : null,
    read: unread === 0,
    unreadCount: unread,
    groupChat: thread.participantIds.length > 2,
    categories: categoriesOf(thread, viewer),
    state: thread.accepted ? "ACCEPTED" : "PENDING",
    conversationParticipants: thread.participantIds.map((id) =>
      participant(world, viewer, world.members.require(id), base),
    ),
    messages: { elements: last ? [messageEntity(world, viewer, thread, last, base)] : [] },
  };
}
