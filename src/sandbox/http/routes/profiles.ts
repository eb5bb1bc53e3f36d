/**
 * `/me` and profiles (sandbox-protocol.md §2.5, §3): Dash by identity or URN, the GraphQL
 * profile query, the legacy `profileView` that answers 410 as LinkedIn's now does, contact
 * info with its visibility, skills, network info.
 */

import { refuse } from "../../world/refusal.ts";
import type { Member } from "../../world/types.ts";
import type { World } from "../../world/world.ts";
import { graphql, plain, restli } from "../answer.ts";
import { type Ctx, param, viewer } from "../context.ts";
import { collection } from "../envelope.ts";
import { badRequest } from "../query.ts";
import { str } from "../restli.ts";
import type { Family } from "../router.ts";
import { dashProfile, distanceOf, miniProfile } from "../shapes.ts";
import { variables } from "./graphql.ts";
import { findMember, memberByProfileUrn, requireMember } from "./lookup.ts";

function me(ctx: Ctx) {
  const m = viewer(ctx);
  const root: Record<string, unknown> = {
    $type: "com.linkedin.voyager.common.Me",
    plainId: m.memberId,
    premiumSubscriber: m.tier !== "free",
    salesNavigator: m.tier === "sales_navigator",
    recruiter: m.tier === "recruiter",
    emailAddress: m.email,
    publicContactInfo: {},
  };
  if (!m.blankMe) {
    const withIds = !ctx.state.takeHttpFault("me_without_id", m.memberId, ctx.path);
    root.miniProfile = miniProfile(m, { withIds });
  }
  return restli(root);
}

/** Reading someone's profile is a profile view in the world (when the world records them). */
function viewed(world: World, viewerId: number, target: Member): void {
  if (viewerId === target.memberId) return;
  const views = (world as unknown as { views?: { record?: (v: number, t: number) => void } }).views;
  views?.record?.(viewerId, target.memberId);
  world.counters.bump(viewerId, "profileViews");
}

function byIdentity(ctx: Ctx) {
  const identity = ctx.query.get("memberIdentity");
  if (!identity) throw badRequest("memberIdentity is required");
  const me = viewer(ctx);
  const target = findMember(ctx.world, identity);
  if (!target) return restli(collection([], 0, 10, 0));
  viewed(ctx.world, me.memberId, target);
  return restli(collection([dashProfile(ctx.world, me.memberId, target)], 0, 10, 1));
}

function byUrn(ctx: Ctx) {
  const me = viewer(ctx);
  const target = memberByProfileUrn(ctx.world, param(ctx, 0));
  viewed(ctx.world, me.memberId, target);
  return restli(dashProfile(ctx.world, me.memberId, target));
}

function graphqlProfile(ctx: Ctx) {
  const identity = str(variables(ctx), "memberIdentity");
  if (!identity) throw badRequest("memberIdentity is required");
  const me = viewer(ctx);
  const target = findMember(ctx.world, identity);
  if (target) viewed(ctx.world, me.memberId, target);
  const elements = target ? [dashProfile(ctx.world, me.memberId, target)] : [];
  return graphql({
    identityDashProfilesByMemberIdentity: {
      $type: "com.linkedin.restli.common.CollectionResponse",
      elements,
      paging: { start: 0, count: 10, total: elements.length },
    },
  });
}

function contactInfo(ctx: Ctx) {
  const me = viewer(ctx);
  const target = requireMember(ctx.world, param(ctx, 0));
  const info = target.contactInfo;
  const visible =
    me.memberId === target.memberId ||
    info.visibility === "everyone" ||
    (info.visibility === "connections" && ctx.world.graph.areConnected(me.memberId, target.memberId));
  if (!visible) refuse("CONTACT_INFO_FETCH_FAILED", "contact info is not visible to this member", 403);
  return restli({
    $type: "com.linkedin.voyager.identity.profile.ProfileContactInfo",
    emailAddress: info.email,
    phoneNumbers: info.phone ? [{ number: info.phone, type: "MOBILE" }] : [],
    twitterHandles: info.twitter ? [{ name: info.twitter, credentialId: `urn:li:twitter:${target.memberId}` }] : [],
    websites: info.website
      ? [
          {
            url: info.website,
            type: { "com.linkedin.voyager.identity.profile.StandardWebsite": { category: "PERSONAL" } },
          },
        ]
      : [],
    birthDateOn: target.birthday,
    ims: [],
  });
}

export function skillEntities(viewerId: number, target: Member) {
  return target.skills.map((s, i) => ({
    $type: "com.linkedin.voyager.identity.profile.Skill",
    entityUrn: `urn:li:fsd_skill:(${target.profileId},${i + 1})`,
    name: s.name,
    endorsementCount: s.endorserIds.length,
    endorsedByViewer: s.endorserIds.includes(viewerId),
  }));
}

function skills(ctx: Ctx) {
  const me = viewer(ctx);
  const target = requireMember(ctx.world, param(ctx, 0));
  const all = skillEntities(me.memberId, target);
  const start = ctx.query.int("start", 0);
  const count = Math.min(ctx.query.int("count", 100), 100);
  return restli(collection(all.slice(start, start + count), start, count, all.length));
}

function skillsComponents(ctx: Ctx) {
  const vars = variables(ctx);
  const urn = str(vars, "profileUrn");
  if (!urn) throw badRequest("profileUrn is required");
  const section = str(vars, "sectionType") ?? "skills";
  const me = viewer(ctx);
  const target = memberByProfileUrn(ctx.world, urn);
  const elements =
    section === "skills" ? skillEntities(me.memberId, target) : dashProfile(ctx.world, me.memberId, target).positions;
  return graphql({
    identityDashProfileComponentsBySectionType: {
      $type: "com.linkedin.restli.common.CollectionResponse",
      elements,
      paging: { start: 0, count: (elements as unknown[]).length, total: (elements as unknown[]).length },
    },
  });
}

function networkInfo(ctx: Ctx) {
  const me = viewer(ctx);
  const target = requireMember(ctx.world, param(ctx, 0));
  const follows = (ctx.world as unknown as { follows?: { followerCount?: (id: number) => number } }).follows;
  return restli({
    $type: "com.linkedin.voyager.identity.profile.ProfileNetworkInfo",
    entityUrn: `urn:li:fs_profileNetworkInfo:${target.profileId}`,
    followersCount: follows?.followerCount?.(target.memberId) ?? ctx.world.graph.count(target.memberId),
    connectionsCount: ctx.world.graph.count(target.memberId),
    distance: { value: distanceOf(ctx.world, me.memberId, target.memberId) },
    followable: me.memberId !== target.memberId,
    following: false,
  });
}

function disconnect(ctx: Ctx) {
  const me = viewer(ctx);
  const target = requireMember(ctx.world, param(ctx, 0));
  ctx.world.pushback.guardAction(me.memberId);
  if (!ctx.world.graph.disconnect(me.memberId, target.memberId)) refuse("NOT_CONNECTED", "not connected", 400);
  return restli({ value: {} });
}

const gone = () => plain({ status: 410, message: "Gone" }, 410);

export const profiles: Family = {
  routes: [
    { method: "GET", path: "/voyager/api/me", handler: me },
    { method: "GET", path: "/voyager/api/identity/dash/profiles", q: "memberIdentity", handler: byIdentity },
    { method: "GET", path: "/voyager/api/identity/dash/profiles/:urn", handler: byUrn },
    { method: "GET", path: "/voyager/api/identity/profiles/:id/profileView", handler: gone },
    { method: "GET", path: "/voyager/api/identity/profiles/:id/profileContactInfo", handler: contactInfo },
    { method: "GET", path: "/voyager/api/identity/profiles/:id/skills", handler: skills },
    { method: "GET", path: "/voyager/api/identity/profiles/:id/networkinfo", handler: networkInfo },
    {
      method: "POST",
      path: "/voyager/api/identity/profiles/:id/profileActions",
      action: "disconnect",
      handler: disconnect,
    },
  ],
  queries: {
    voyagerIdentityDashProfiles: graphqlProfile,
    voyagerIdentityDashProfileComponents: skillsComponents,
  },
};
