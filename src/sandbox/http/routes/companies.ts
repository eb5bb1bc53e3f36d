/**
 * Company pages (sandbox-protocol.md §10): by vanity (legacy and Dash finders), by id, a
 * page that exists but shows nothing, and the admins' follow invitations with their monthly
 * credits. Following a page is the followingStates patch in profiles.ts.
 */

import { SandboxRefusal } from "../../world/refusal.ts";
import type { Company } from "../../world/types.ts";
import { restli } from "../answer.ts";
import { type Ctx, jsonBody, param, viewer } from "../context.ts";
import { actionValue, collection } from "../envelope.ts";
import { badRequest } from "../query.ts";
import type { Family } from "../router.ts";
import { memberByProfileUrn, urnNumber } from "./lookup.ts";

export function companyEntity(ctx: Ctx, c: Company) {
  const base = {
    $type: "com.linkedin.voyager.organization.Company",
    entityUrn: `urn:li:fs_normalized_company:${c.id}`,
    dashEntityUrn: `urn:li:fsd_company:${c.id}`,
    universalName: c.universalName,
  };
  // A page that exists but shows nothing answers its keys alone (NO_COMPANY_DATA for clients).
  if (c.empty) return base;
  const me = viewer(ctx);
  return {
    ...base,
    name: c.name,
    description: c.description,
    staffCount: c.staffCount,
    industries: [c.industry],
    companyIndustries: [{ entityUrn: `urn:li:fsd_industry:${c.industryId}`, localizedName: c.industry }],
    companyPageUrl: `${ctx.base}/company/${c.universalName}/`,
    followingInfo: {
      entityUrn: `urn:li:fs_followingInfo:urn:li:company:${c.id}`,
      followerCount: ctx.world.companies.followerCount(c),
      following: c.followerIds.has(me.memberId),
    },
    viewerPermissions: { admin: c.adminIds.has(me.memberId) },
  };
}

function byVanity(ctx: Ctx) {
  const vanity = ctx.query.get("universalName");
  if (!vanity) throw badRequest("universalName is required");
  let company: Company | undefined;
  try {
    company = ctx.world.companies.byVanity(vanity);
  } catch (err) {
    if (!(err instanceof SandboxRefusal)) throw err;
  }
  const elements = company ? [companyEntity(ctx, company)] : [];
  return restli(collection(elements, 0, 10, elements.length));
}

function byId(ctx: Ctx) {
  const raw = param(ctx, 0);
  const id = /^\d+$/.test(raw) ? Number(raw) : urnNumber(raw, "fsd_company");
  return restli(companyEntity(ctx, ctx.world.companies.require(id)));
}

function organizationUrn(v: unknown): number {
  if (typeof v !== "string") throw badRequest("organizationUrn is required");
  return urnNumber(v, "fsd_company");
}

async function inviteToFollow(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  const companyId = organizationUrn(body.organizationUrn);
  if (!Array.isArray(body.inviteeUrns)) throw badRequest("inviteeUrns is required");
  const ids = body.inviteeUrns.map((u) => memberByProfileUrn(ctx.world, String(u)).memberId);
  const { invited, skipped } = ctx.world.companies.inviteToFollow(me.memberId, companyId, ids);
  return restli(
    actionValue({
      sent: invited.length,
      skipped: skipped.length,
      creditsRemaining: ctx.world.companies.creditsLeft(companyId),
    }),
  );
}

function credits(ctx: Ctx) {
  const companyId = organizationUrn(ctx.query.get("organizationUrn"));
  const now = new Date(ctx.world.now());
  return restli({
    creditsRemaining: ctx.world.companies.creditsLeft(companyId),
    creditsTotal: ctx.world.settings.companyInviteCreditsPerMonth,
    resetAt: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
  });
}

const FOLLOW_INVITES = "/voyager/api/voyagerOrganizationDashPageFollowInvitations";

export const companies: Family = {
  routes: [
    { method: "GET", path: "/voyager/api/organization/companies", q: "universalName", handler: byVanity },
    { method: "GET", path: "/voyager/api/voyagerOrganizationDashCompanies", q: "universalName", handler: byVanity },
    { method: "GET", path: "/voyager/api/organization/companies/:id", handler: byId },
    { method: "GET", path: "/voyager/api/voyagerOrganizationDashCompanies/:id", handler: byId },
    { method: "POST", path: FOLLOW_INVITES, action: "invite", handler: inviteToFollow },
    { method: "GET", path: FOLLOW_INVITES, q: "credits", handler: credits },
  ],
};
