/**
 * Groups and events (sandbox-protocol.md §10): my groups, one group (members only), group
 * members through GraphQL, join and leave; one event through GraphQL (private ones only for
 * those inside), my events, and inviting connections to an event.
 */

import { SandboxRefusal } from "../../world/refusal.ts";
import type { Group, SandboxEvent } from "../../world/types.ts";
import { graphql, restli } from "../answer.ts";
import { type Ctx, jsonBody, param, viewer } from "../context.ts";
import { actionValue, collection } from "../envelope.ts";
import { badRequest } from "../query.ts";
import { str } from "../restli.ts";
import type { Family } from "../router.ts";
import { dashProfile } from "../shapes.ts";
import { variables } from "./graphql.ts";
import { memberByProfileUrn, urnNumber } from "./lookup.ts";
import { paging } from "./network.ts";

function groupEntity(ctx: Ctx, g: Group) {
  const me = viewer(ctx);
  const status = g.adminIds.has(me.memberId) ? "OWNER" : g.memberIds.has(me.memberId) ? "MEMBER" : "NONE";
  return {
    $type: "com.linkedin.voyager.dash.groups.Group",
    entityUrn: `urn:li:fsd_group:${g.id}`,
    name: g.name,
    description: g.description,
    memberCount: g.memberIds.size,
    viewerMembership: status,
    publicVisibility: false,
    url: `${ctx.base}/groups/${g.id}/`,
  };
}

function myGroups(ctx: Ctx) {
  const me = viewer(ctx);
  const all = ctx.world.groups.ofMember(me.memberId);
  const { start, count } = paging(ctx, 10, 100);
  return restli(
    collection(
      all.slice(start, start + count).map((g) => groupEntity(ctx, g)),
      start,
      count,
      all.length,
    ),
  );
}

function oneGroup(ctx: Ctx) {
  const me = viewer(ctx);
  return restli(groupEntity(ctx, ctx.world.groups.view(me.memberId, urnNumber(param(ctx, 0), "fsd_group"))));
}

function groupMembers(ctx: Ctx) {
  const me = viewer(ctx);
  const vars = variables(ctx);
  const urn = str(vars, "groupUrn");
  if (!urn) throw badRequest("groupUrn is required");
  const groupId = urnNumber(urn, "fsd_group");
  let ids: number[];
  try {
    ids = ctx.world.groups.membersOf(me.memberId, groupId);
  } catch (err) {
    // A known group the viewer is not in: LinkedIn's GraphQL answers UNAUTHORIZED_VIEWER.
    if (err instanceof SandboxRefusal && err.code === "NO_GROUP_DATA" && err.httpStatus === 403) {
      throw new SandboxRefusal("UNAUTHORIZED_VIEWER", "not a member of this group", 403);
    }
    throw err;
  }
  const query = (str(vars, "typeaheadQuery") ?? "").toLowerCase();
  const group = ctx.world.groups.get(groupId) as Group;
  const members = ids
    .map((id) => ctx.world.members.require(id))
    .filter((m) => query === "" || `${m.firstName} ${m.lastName}`.toLowerCase().includes(query));
  const start = Number(str(vars, "start") ?? 0);
  const count = Math.min(Number(str(vars, "count") ?? 10), 100);
  const elements = members.slice(start, start + count).map((m) => ({
    $type: "com.linkedin.voyager.dash.groups.GroupMembership",
    entityUrn: `urn:li:fsd_groupMembership:(${groupId},${m.profileId})`,
    status: group.adminIds.has(m.memberId) ? "OWNER" : "MEMBER",
    profile: dashProfile(ctx.world, me.memberId, m),
  }));
  return graphql({
    groupsDashGroupMembershipsByTypeahead: {
      $type: "com.linkedin.restli.common.CollectionResponse",
      elements,
      paging: { start, count, total: members.length },
    },
  });
}

async function updateMembership(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  if (typeof body.groupUrn !== "string") throw badRequest("groupUrn is required");
  const groupId = urnNumber(body.groupUrn, "fsd_group");
  if (body.action === "JOIN") ctx.world.groups.join(me.memberId, groupId);
  else if (body.action === "LEAVE") ctx.world.groups.leave(me.memberId, groupId);
  else throw badRequest("action is JOIN or LEAVE");
  return restli(actionValue({ status: body.action === "JOIN" ? "MEMBER" : "NONE" }));
}

function eventEntity(ctx: Ctx, e: SandboxEvent) {
  const me = viewer(ctx);
  const status = e.organizerIds.has(me.memberId)
    ? "ORGANIZER"
    : e.attendeeIds.has(me.memberId)
      ? "ATTENDING"
      : e.invitations.has(me.memberId)
        ? "INVITED"
        : "NONE";
  const organizer = ctx.world.members.get([...e.organizerIds][0] ?? -1);
  return {
    $type: "com.linkedin.voyager.dash.events.ProfessionalEvent",
    entityUrn: `urn:li:fsd_professionalEvent:${e.id}`,
    name: e.name,
    description: e.description,
    startsAt: e.startsAt,
    organizer: organizer ? dashProfile(ctx.world, me.memberId, organizer) : null,
    attendeeCount: e.attendeeIds.size,
    visibility: e.private ? "PRIVATE" : "PUBLIC",
    viewerStatus: status,
    inviteEnabled: e.invitesEnabled,
    url: `${ctx.base}/events/${e.id}/`,
  };
}

function oneEvent(ctx: Ctx) {
  const me = viewer(ctx);
  const raw = str(variables(ctx), "eventIdentifier");
  if (!raw) throw badRequest("eventIdentifier is required");
  const id = /^\d+$/.test(raw) ? Number(raw) : urnNumber(raw, "fsd_professionalEvent");
  let event: SandboxEvent | undefined;
  try {
    event = ctx.world.events.view(me.memberId, id);
  } catch (err) {
    if (!(err instanceof SandboxRefusal && err.code === "EVENT_NOT_FOUND")) throw err;
  }
  const elements = event ? [eventEntity(ctx, event)] : [];
  return graphql({
    eventsDashProfessionalEventsByEventIdentifier: {
      $type: "com.linkedin.restli.common.CollectionResponse",
      elements,
      paging: { start: 0, count: 1, total: elements.length },
    },
  });
}

function myEvents(ctx: Ctx) {
  const me = viewer(ctx);
  const all = ctx.world.events.ofMember(me.memberId);
  const { start, count } = paging(ctx, 10, 100);
  return restli(
    collection(
      all.slice(start, start + count).map((e) => eventEntity(ctx, e)),
      start,
      count,
      all.length,
    ),
  );
}

async function inviteToEvent(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  if (typeof body.eventUrn !== "string") throw badRequest("eventUrn is required");
  if (!Array.isArray(body.inviteeUrns)) throw badRequest("inviteeUrns is required");
  const eventId = urnNumber(body.eventUrn, "fsd_professionalEvent");
  const ids = body.inviteeUrns.map((u) => memberByProfileUrn(ctx.world, String(u)).memberId);
  const invited = ctx.world.events.invite(me.memberId, eventId, ids);
  return restli(actionValue({ sent: invited.length }));
}

export const communities: Family = {
  routes: [
    { method: "GET", path: "/voyager/api/voyagerGroupsDashGroups", q: "member", handler: myGroups },
    { method: "GET", path: "/voyager/api/voyagerGroupsDashGroups/:urn", handler: oneGroup },
    {
      method: "POST",
      path: "/voyager/api/voyagerGroupsDashGroupMemberships",
      action: "updateMembership",
      handler: updateMembership,
    },
    { method: "GET", path: "/voyager/api/voyagerEventsDashProfessionalEvents", q: "viewerEvents", handler: myEvents },
    {
      method: "POST",
      path: "/voyager/api/voyagerEventsDashEventInvitations",
      action: "invite",
      handler: inviteToEvent,
    },
  ],
  queries: {
    voyagerGroupsDashGroupMemberships: groupMembers,
    voyagerEventsDashProfessionalEvents: oneEvent,
  },
};
