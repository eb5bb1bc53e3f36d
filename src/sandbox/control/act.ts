/**
 * Acting as the other member (sandbox-protocol.md §15), so that `connection_accepted` and
 * `message_received` can happen in tests: accept an invitation as its invitee, reply in a
 * thread as one of its participants.
 */

import { type Answer, plain } from "../http/answer.ts";
import { type Ctx, jsonBody } from "../http/context.ts";
import type { Route } from "../http/router.ts";
import { urnNumber } from "../http/routes/lookup.ts";
import { conversationUrnFor, parseConversationUrn } from "../http/routes/messaging-shapes.ts";
import { SandboxRefusal } from "../world/refusal.ts";
import { memberRef } from "./refs.ts";

async function acceptInvitation(ctx: Ctx): Promise<Answer> {
  const body = await jsonBody(ctx);
  const world = ctx.state.world;
  let id: number;
  if (typeof body.invitationUrn === "string") id = urnNumber(body.invitationUrn, "fsd_invitation");
  else if (typeof body.invitationId === "number") id = body.invitationId;
  else {
    const from = memberRef(world, body.from);
    const to = memberRef(world, body.to);
    const inv = world.invitations.pendingBetween(from.memberId, to.memberId);
    if (!inv || inv.fromId !== from.memberId) {
      throw new SandboxRefusal("NO_INVITATION_FOUND", "no pending invitation from → to", 404);
    }
    id = inv.id;
  }
  const inv = world.invitations.get(id);
  if (!inv) throw new SandboxRefusal("NO_INVITATION_FOUND", "no such invitation", 404);
  const accepted = world.invitations.accept(inv.toId, id, inv.sharedSecret);
  return plain({ accepted: true, invitationUrn: accepted.urn, connectedAt: accepted.resolvedAt });
}

/** Post a message as `from` into a thread (accepting a pending request, as a reply does). */
async function reply(ctx: Ctx): Promise<Answer> {
  const body = await jsonBody(ctx);
  const world = ctx.state.world;
  const from = memberRef(world, body.from);
  const text = typeof body.text === "string" ? body.text : "";
  let threadId: string | undefined;
  if (typeof body.conversationUrn === "string") threadId = parseConversationUrn(body.conversationUrn).threadId;
  else if (typeof body.threadId === "string") threadId = body.threadId;
  else {
    const to = memberRef(world, body.to);
    threadId = world.messaging.inbox(from.memberId).find((t) => t.participantIds.includes(to.memberId))?.id;
  }
  if (!threadId) throw new SandboxRefusal("THREAD_VALIDATION_PLUGIN_ERROR", "no conversation between them", 404);
  const sent = world.messaging.reply(from.memberId, threadId, text);
  return plain({
    threadId: sent.thread.id,
    messageId: sent.message.id,
    deliveredAt: sent.message.sentAt,
    conversationUrn: conversationUrnFor(from, sent.thread.id),
  });
}

export const actAsOther: Route[] = [
  { method: "POST", path: "/_sandbox/messages/reply", auth: "public", handler: reply },
  { method: "POST", path: "/_sandbox/invitations/accept", auth: "public", handler: acceptInvitation },
];
