/**
 * Messaging (sandbox-protocol.md §7): messenger GraphQL reads (conversations by sync token
 * or category with cursors; messages by sync token, cursor or anchor time) and the Dash
 * `createMessage` action that sends in a thread or starts one (1st degree, message request
 * through a shared group or event, InMail).
 */

import { monthKey } from "../../world/clock.ts";
import { profileUrn } from "../../world/ids.ts";
import { refuse } from "../../world/refusal.ts";
import type { Member, Thread } from "../../world/types.ts";
import { empty, graphql, restli } from "../answer.ts";
import { type Ctx, jsonBody, param, viewer } from "../context.ts";
import { actionValue } from "../envelope.ts";
import { badRequest } from "../query.ts";
import { isRecord, type RestliValue, str } from "../restli.ts";
import type { Family } from "../router.ts";
import { variables } from "./graphql.ts";
import { memberByProfileUrn, urnNumber } from "./lookup.ts";
import {
  categoriesOf,
  conversationEntity,
  inMessenger,
  messageEntity,
  parseConversationUrn,
} from "./messaging-shapes.ts";

const PAGE = 20;

function requireMailbox(ctx: Ctx, mailboxUrn: string | undefined): Member {
  const me = viewer(ctx);
  if (mailboxUrn !== profileUrn(me.profileId)) {
    refuse("THREAD_VALIDATION_PLUGIN_ERROR", "mailboxUrn is not the viewer's mailbox", 400);
  }
  return me;
}

/** The thread behind a conversation URN, as a participant sees it. */
function threadOf(ctx: Ctx, me: Member, urn: string): Thread {
  const { mailbox, threadId } = parseConversationUrn(urn);
  if (mailbox !== profileUrn(me.profileId)) refuse("THREAD_VALIDATION_PLUGIN_ERROR", "not the viewer's conversation");
  return ctx.world.messaging.view(me.memberId, threadId);
}

const cursor = (offset: number) => Buffer.from(`o:${offset}`).toString("base64url");

function offsetOf(c: string | undefined): number {
  if (c === undefined) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(c, "base64url").toString("utf8"));
  if (!m) throw badRequest("bad cursor");
  return Number(m[1]);
}

function category(vars: Record<string, RestliValue>): string | undefined {
  const query = vars.query;
  if (!isRecord(query)) return undefined;
  const unions = query.predicateUnions;
  if (!Array.isArray(unions)) return undefined;
  for (const u of unions) {
    if (isRecord(u) && isRecord(u.conversationCategoryPredicate)) {
      return str(u.conversationCategoryPredicate, "category");
    }
  }
  return undefined;
}

function conversations(ctx: Ctx) {
  const vars = variables(ctx);
  const me = requireMailbox(ctx, str(vars, "mailboxUrn"));
  const all = ctx.world.messaging.inbox(me.memberId).filter((t) => inMessenger(t, me));
  const entity = (t: Thread) => conversationEntity(ctx.world, me, t, ctx.base);
  const now = ctx.world.now();
  if (vars.query === undefined && vars.nextCursor === undefined && vars.lastUpdatedBefore === undefined) {
    const since = vars.syncToken === undefined ? null : Number(Buffer.from(String(vars.syncToken), "base64url"));
    const changed = since === null ? all : all.filter((t) => t.lastActivityAt > since);
    return graphql({
      messengerConversationsBySyncToken: {
        elements: changed.slice(0, 100).map(entity),
        metadata: { newSyncToken: Buffer.from(String(now)).toString("base64url"), deletedUrns: [] },
      },
    });
  }
  let wanted = category(vars) ?? "INBOX";
  if (wanted === "PRIMARY_INBOX") wanted = "INBOX";
  let list = all.filter((t) => categoriesOf(t, me).includes(wanted));
  const before = str(vars, "lastUpdatedBefore");
  if (before !== undefined) list = list.filter((t) => t.lastActivityAt < Number(before));
  const count = Math.min(Number(str(vars, "count") ?? PAGE) || PAGE, 100);
  const start = offsetOf(str(vars, "nextCursor"));
  const page = list.slice(start, start + count);
  const metadata: Record<string, unknown> = {};
  if (start + count < list.length) metadata.nextCursor = cursor(start + count);
  return graphql({ messengerConversationsByCategoryQuery: { elements: page.map(entity), metadata } });
}

function messages(ctx: Ctx) {
  const vars = variables(ctx);
  const urn = str(vars, "conversationUrn");
  if (!urn) throw badRequest("conversationUrn is required");
  const me = viewer(ctx);
  const thread = threadOf(ctx, me, urn);
  const newestFirst = [...thread.messages].reverse();
  const entity = (m: (typeof thread.messages)[number]) => messageEntity(ctx.world, me, thread, m, ctx.base);
  const anchor = str(vars, "deliveredAt");
  if (anchor !== undefined) {
    const at = Number(anchor);
    const before = Number(str(vars, "countBefore") ?? PAGE);
    const after = Number(str(vars, "countAfter") ?? 0);
    const older = newestFirst.filter((m) => m.sentAt < at).slice(0, before);
    const newer = thread.messages.filter((m) => m.sentAt >= at).slice(0, after);
    return graphql({ messengerMessagesByAnchorTimestamp: { elements: [...newer.reverse(), ...older].map(entity) } });
  }
  if (vars.count !== undefined || vars.prevCursor !== undefined) {
    const count = Math.min(Number(str(vars, "count") ?? PAGE) || PAGE, 100);
    const start = offsetOf(str(vars, "prevCursor"));
    const page = newestFirst.slice(start, start + count);
    const metadata: Record<string, unknown> = { nextCursor: null };
    if (start + count < newestFirst.length) metadata.prevCursor = cursor(start + count);
    return graphql({ messengerMessagesByConversation: { elements: page.map(entity), metadata } });
  }
  return graphql({
    messengerMessagesBySyncToken: {
      elements: newestFirst.slice(0, PAGE).map(entity),
      metadata: { newSyncToken: Buffer.from(String(ctx.world.now())).toString("base64url") },
    },
  });
}

function textOf(body: Record<string, unknown>): string {
  const message = body.message as { body?: { text?: unknown } } | undefined;
  const t = message?.body?.text;
  if (typeof t !== "string") throw badRequest("message.body.text is required");
  return t;
}

async function createMessage(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  if (body.mailboxUrn !== profileUrn(me.profileId)) throw badRequest("mailboxUrn must be the viewer's profile URN");
  if (typeof body.trackingId !== "string" || body.trackingId === "") throw badRequest("trackingId is required");
  const text = textOf(body);
  const message = body.message as Record<string, unknown>;
  const { messaging, groups, events } = ctx.world;
  let sent: ReturnType<typeof messaging.send>;
  if (typeof message.conversationUrn === "string") {
    const { mailbox, threadId } = parseConversationUrn(message.conversationUrn);
    if (mailbox !== profileUrn(me.profileId)) refuse("THREAD_VALIDATION_PLUGIN_ERROR", "not the viewer's conversation");
    sent = messaging.reply(me.memberId, threadId, text);
  } else {
    const recipients = body.hostRecipientUrns;
    if (!Array.isArray(recipients) || typeof recipients[0] !== "string") {
      throw badRequest("conversationUrn or hostRecipientUrns is required");
    }
    const to = memberByProfileUrn(ctx.world, recipients[0]);
    const inMail = body.inMail as { subject?: unknown } | undefined;
    const context = typeof body.contextUrn === "string" ? body.contextUrn : undefined;
    if (inMail) {
      const subject = typeof inMail.subject === "string" ? inMail.subject : null;
      sent = messaging.sendInMail(me.memberId, to.memberId, subject, text);
    } else if (context?.startsWith("urn:li:fsd_group:")) {
      const group = urnNumber(context, "fsd_group");
      if (!groups.get(group)) refuse("NO_GROUP_DATA", "no such group", 404);
      sent = messaging.sendRequest(me.memberId, to.memberId, text, { group });
    } else if (context?.startsWith("urn:li:fsd_professionalEvent:")) {
      const event = urnNumber(context, "fsd_professionalEvent");
      if (!events.get(event)) refuse("EVENT_NOT_FOUND", "no such event", 404);
      sent = messaging.sendRequest(me.memberId, to.memberId, text, { event });
    } else if (context !== undefined) {
      throw badRequest(`unsupported contextUrn ${context}`);
    } else sent = messaging.send(me.memberId, to.memberId, text);
  }
  return restli(actionValue(messageEntity(ctx.world, me, sent.thread, sent.message, ctx.base)));
}

async function patchConversation(ctx: Ctx) {
  const me = viewer(ctx);
  const thread = threadOf(ctx, me, param(ctx, 0));
  const body = await jsonBody(ctx);
  const set = (body.patch as { $set?: Record<string, unknown> } | undefined)?.$set;
  if (!set) throw badRequest("patch.$set is required");
  if (set.read === true) ctx.world.messaging.markRead(me.memberId, thread.id);
  return empty(204);
}

function acceptRequest(ctx: Ctx) {
  const me = viewer(ctx);
  const thread = threadOf(ctx, me, param(ctx, 0));
  ctx.world.messaging.accept(me.memberId, thread.id);
  return restli(actionValue({}));
}

function inmailCredits(ctx: Ctx) {
  const me = viewer(ctx);
  const now = new Date(ctx.world.now());
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return restli({
    $type: "com.linkedin.voyager.dash.premium.InmailCredits",
    creditBalance: ctx.world.credits.available(me.memberId),
    month: monthKey(ctx.world.now()),
    nextRefreshDate: next,
  });
}

const CONVERSATIONS = "/voyager/api/voyagerMessagingDashMessengerConversations";

export const messaging: Family = {
  routes: [
    {
      method: "POST",
      path: "/voyager/api/voyagerMessagingDashMessengerMessages",
      action: "createMessage",
      handler: createMessage,
    },
    { method: "POST", path: `${CONVERSATIONS}/:urn`, handler: patchConversation },
    { method: "POST", path: `${CONVERSATIONS}/:urn`, action: "accept", handler: acceptRequest },
    { method: "POST", path: CONVERSATIONS, action: "typing", handler: () => restli(actionValue({})) },
    { method: "GET", path: "/voyager/api/voyagerPremiumDashInmailCredits", handler: inmailCredits },
  ],
  queries: { messengerConversations: conversations, messengerMessages: messages },
};
