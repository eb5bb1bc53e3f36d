/**
 * Connections and invitations (sandbox-protocol.md §4, §6): the Dash connections finder,
 * `verifyQuotaAndCreateV2`, withdraw / accept / ignore on Dash and legacy paths, and the
 * received and sent invitation views. The world decides every refusal; `wire.ts` decides
 * how it looks (CANT_RESEND_YET with a 429, …).
 */

import { refuse } from "../../world/refusal.ts";
import type { Invitation } from "../../world/types.ts";
import type { World } from "../../world/world.ts";
import { restli } from "../answer.ts";
import { type Ctx, jsonBody, param, viewer } from "../context.ts";
import { actionValue, collection } from "../envelope.ts";
import { badRequest } from "../query.ts";
import type { Family } from "../router.ts";
import { dashProfile, miniProfile } from "../shapes.ts";
import { memberByProfileUrn, urnNumber } from "./lookup.ts";

/** start/count from the query, count capped (LinkedIn serves at most `max` a page). */
export function paging(ctx: Ctx, fallback: number, max: number): { start: number; count: number } {
  const start = ctx.query.int("start", 0);
  const count = Math.min(ctx.query.int("count", fallback), max);
  return { start, count };
}

function connections(ctx: Ctx) {
  const me = viewer(ctx);
  const { start, count } = paging(ctx, 40, 100);
  const ids = ctx.world.graph.connections(me.memberId);
  const elements = ids.slice(start, start + count).map((id) => {
    const m = ctx.world.members.require(id);
    return {
      $type: "com.linkedin.voyager.dash.relationships.Connection",
      entityUrn: `urn:li:fsd_connection:${m.profileId}`,
      createdAt: ctx.world.graph.connectedAt(me.memberId, id) ?? null,
      connectedMemberResolutionResult: dashProfile(ctx.world, me.memberId, m),
    };
  });
  return restli(collection(elements, start, count, ids.length));
}

export function invitationEntity(world: World, inv: Invitation) {
  const from = world.members.require(inv.fromId);
  const to = world.members.require(inv.toId);
  const entity: Record<string, unknown> = {
    $type: "com.linkedin.voyager.relationships.invitation.Invitation",
    entityUrn: `urn:li:fs_relInvitation:${inv.id}`,
    dashEntityUrn: inv.urn,
    invitationId: String(inv.id),
    sharedSecret: inv.sharedSecret,
    sentTime: inv.sentAt,
    invitationType: "CONNECTION",
    customMessage: inv.message !== null,
    unseen: false,
    fromMember: miniProfile(from),
    toMember: miniProfile(to),
    toMemberId: to.profileId,
  };
  if (inv.message !== null) entity.message = inv.message;
  return entity;
}

function views(ctx: Ctx, list: Invitation[], metadataType?: string) {
  const { start, count } = paging(ctx, 20, 100);
  const elements = list.slice(start, start + count).map((inv) => ({
    $type: "com.linkedin.voyager.relationships.invitation.InvitationView",
    entityUrn: `urn:li:fs_relInvitationView:${inv.id}`,
    invitation: invitationEntity(ctx.world, inv),
  }));
  const metadata = metadataType ? { $type: metadataType, total: list.length } : undefined;
  return restli(collection(elements, start, count, list.length, metadata));
}

function inviteeUrn(body: Record<string, unknown>): string {
  const invitee = body.invitee as { inviteeUnion?: { memberProfile?: unknown } } | undefined;
  const urn = invitee?.inviteeUnion?.memberProfile;
  if (typeof urn !== "string") throw badRequest("invitee.inviteeUnion.memberProfile is required");
  return urn;
}

async function invite(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  const target = memberByProfileUrn(ctx.world, inviteeUrn(body));
  const note = body.customMessage;
  if (note !== undefined && note !== null && typeof note !== "string") throw badRequest("customMessage must be text");
  const inv = ctx.world.invitations.send(me.memberId, target.memberId, note ?? null);
  // A silent drop answers exactly as a success (LINKEDIN.md): only the sent list tells.
  return restli(
    actionValue({
      $type: "com.linkedin.voyager.dash.relationships.InvitationCreationResult",
      invitationUrn: inv.urn,
      invitee: { memberProfile: `urn:li:fsd_profile:${target.profileId}` },
    }),
  );
}

type InvitationAction = "withdraw" | "accept" | "ignore";

function act(ctx: Ctx, id: number, action: InvitationAction, secret: string | undefined) {
  const me = viewer(ctx);
  const { invitations } = ctx.world;
  if (action === "withdraw") invitations.withdraw(me.memberId, id);
  else if (action === "accept") invitations.accept(me.memberId, id, secret);
  else invitations.ignore(me.memberId, id, secret);
  return restli(actionValue({}));
}

const dashAction = (action: InvitationAction) => async (ctx: Ctx) => {
  const id = urnNumber(param(ctx, 0), "fsd_invitation");
  const body = await jsonBody(ctx);
  const secret = typeof body.sharedSecret === "string" ? body.sharedSecret : undefined;
  return act(ctx, id, action, secret);
};

const legacyAction = (action: InvitationAction) => async (ctx: Ctx) => {
  const id = Number(param(ctx, 0));
  if (!Number.isInteger(id)) refuse("NO_INVITATION_FOUND", "no such invitation", 404);
  const body = await jsonBody(ctx);
  const secret = typeof body.invitationSharedSecret === "string" ? body.invitationSharedSecret : undefined;
  return act(ctx, id, action, secret);
};

function sentFacet(ctx: Ctx) {
  const me = viewer(ctx);
  const total = ctx.world.invitations.sent(me.memberId).length;
  return restli(
    collection(
      [
        {
          $type: "com.linkedin.voyager.dash.relationships.GenericInvitationFacet",
          entityUrn: `urn:li:fsd_genericInvitationFacet:SENT`,
          numTotalSentInvitations: total,
        },
      ],
      0,
      1,
      1,
    ),
  );
}

const INVITATIONS = "/voyager/api/voyagerRelationshipsDashInvitations/:urn";
const LEGACY = "/voyager/api/relationships/invitations/:id";

export const network: Family = {
  routes: [
    { method: "GET", path: "/voyager/api/relationships/dash/connections", q: "search", handler: connections },
    {
      method: "POST",
      path: "/voyager/api/voyagerRelationshipsDashMemberRelationships",
      action: "verifyQuotaAndCreateV2",
      handler: invite,
    },
    {
      method: "POST",
      path: "/voyager/api/voyagerRelationshipsDashMemberRelationships",
      action: "verifyQuotaAndCreate",
      handler: invite,
    },
    { method: "POST", path: INVITATIONS, action: "withdraw", handler: dashAction("withdraw") },
    { method: "POST", path: INVITATIONS, action: "accept", handler: dashAction("accept") },
    { method: "POST", path: INVITATIONS, action: "ignore", handler: dashAction("ignore") },
    { method: "POST", path: LEGACY, action: "accept", handler: legacyAction("accept") },
    { method: "POST", path: LEGACY, action: "ignore", handler: legacyAction("ignore") },
    { method: "POST", path: LEGACY, action: "withdraw", handler: legacyAction("withdraw") },
    {
      method: "GET",
      path: "/voyager/api/relationships/invitationViews",
      q: "receivedInvitation",
      handler: (ctx) => views(ctx, ctx.world.invitations.received(viewer(ctx).memberId)),
    },
    {
      method: "GET",
      path: "/voyager/api/relationships/invitationViews",
      q: "sentInvitation",
      handler: (ctx) => views(ctx, ctx.world.invitations.sent(viewer(ctx).memberId)),
    },
    {
      method: "GET",
      path: "/voyager/api/relationships/sentInvitationViewsV2",
      q: "invitationType",
      handler: (ctx) =>
        views(
          ctx,
          ctx.world.invitations.sent(viewer(ctx).memberId),
          "com.linkedin.voyager.relationships.invitation.SentInvitationsMetadata",
        ),
    },
    {
      method: "GET",
      path: "/voyager/api/voyagerRelationshipsDashGenericInvitationFacets",
      q: "sent",
      handler: sentFacet,
    },
  ],
};
