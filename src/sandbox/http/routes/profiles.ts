/**
 * `/me` and profiles (sandbox-protocol.md §2.5, §3): Dash by identity or URN, the GraphQL
 * profile query, the legacy `profileView` that answers 410 as LinkedIn's now does, contact
 * info with its visibility, skills, network info.
 */

import { refuse } from "../../world/refusal.ts";
import type { Member } from "../../world/types.ts";
import type { World } from "../../world/world.ts";
import { empty, graphql, plain, restli } from "../answer.ts";
import { type Ctx, jsonBody, param, viewer } from "../context.ts";
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

/** Reading someone's profile is a profile view in the world ("who viewed my profile"). */
function viewed(world: World, viewerId: number, target: Member): void {
  world.profiles.recordView(viewerId, target.memberId);
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
  const info = ctx.world.profiles.contactInfo(me.memberId, target.memberId);
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
  const { profiles, graph } = ctx.world;
  return restli({
    $type: "com.linkedin.voyager.identity.profile.ProfileNetworkInfo",
    entityUrn: `urn:li:fs_profileNetworkInfo:${target.profileId}`,
    followersCount: profiles.followerCount(target.memberId),
    connectionsCount: graph.count(target.memberId),
    distance: { value: distanceOf(ctx.world, me.memberId, target.memberId) },
    followable: me.memberId !== target.memberId,
    following: profiles.isFollowing(me.memberId, target.memberId),
  });
}

async function endorse(ctx: Ctx) {
  const me = viewer(ctx);
  const target = requireMember(ctx.world, param(ctx, 0));
  const body = await jsonBody(ctx);
  const name = (body.skill as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string" || name === "") throw badRequest("skill.name is required");
  ctx.world.profiles.endorse(me.memberId, target.memberId, name);
  return empty(201);
}

/** Following a member or a company: the same Dash followingStates resource. */
async function followingState(ctx: Ctx) {
  const me = viewer(ctx);
  const urn = param(ctx, 0);
  const body = await jsonBody(ctx);
  const following = (body.patch as { $set?: { following?: unknown } } | undefined)?.$set?.following;
  if (typeof following !== "boolean") throw badRequest("patch.$set.following must be true or false");
  const m = /^urn:li:fsd_followingState:urn:li:(member|company):(\d+)$/.exec(urn);
  if (!m) throw badRequest(`not a following state URN: ${urn}`);
  const id = Number(m[2]);
  if (m[1] === "member") {
    const target = ctx.world.members.get(id) ?? refuse("PROFILE_NOT_FOUND", `no member ${id}`, 404);
    if (following) ctx.world.profiles.follow(me.memberId, target.memberId);
    else ctx.world.profiles.unfollow(me.memberId, target.memberId);
  } else if (following) ctx.world.companies.follow(me.memberId, id);
  else ctx.world.companies.unfollow(me.memberId, id);
  return empty(204);
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
    { method: "POST", path: "/voyager/api/identity/profiles/:id/normEndorsements", handler: endorse },
    { method: "POST", path: "/voyager/api/feed/dash/followingStates/:urn", handler: followingState },
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
