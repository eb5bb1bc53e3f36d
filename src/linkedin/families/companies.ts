/** Company pages: details by URL or id, follow/unfollow, inviting connections to follow. */
import { WelinkError } from "../../errors/index.ts";
import {
  actionValue,
  elementsOf,
  type JsonObject,
  optBool,
  optNumber,
  optObject,
  optString,
  restliRoot,
} from "../envelope.ts";
import { buildQuery, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { profileUrn } from "./refs.ts";
import { expectOk, type RefusalTable } from "./refusals.ts";

export const COMPANY_REFUSALS: RefusalTable = {
  codes: {
    FORBIDDEN: "FORBIDDEN",
    TOO_MANY_FOLLOWERS: "TOO_MANY_FOLLOWERS",
    INSUFFICIENT_CREDITS: "INSUFFICIENT_CREDITS",
    NOT_CONNECTED: "NOT_CONNECTED",
    BAD_REQUEST: "BAD_REQUEST",
  },
  statuses: {
    "companies.byId": { 404: "404_COMPANY", 400: "404_COMPANY" },
    "companies.byVanity": { 400: "INVALID_COMPANY_URL" },
    "companies.follow": { 404: "404_COMPANY" },
    "companies.followInvitations": { 404: "404_COMPANY", 403: "FORBIDDEN" },
  },
};

export interface Company {
  company_id: string;
  name: string;
  universal_name: string | null;
  description: string | null;
  staff_count: number | null;
  industries: string[];
  website: string | null;
  headquarters: { city: string | null; country: string | null } | null;
  followers: number | null;
  following: boolean;
  is_admin: boolean;
}

export type CompanyRef = { kind: "id"; id: string } | { kind: "vanity"; vanity: string };

/** `https://www.linkedin.com/company/acme/…` → vanity; `/company/12345` → id. */
export function companyRef(input: { company_url?: string; company_id?: string | number }): CompanyRef {
  if (input.company_id !== undefined && input.company_id !== "") {
    const id = String(input.company_id).replace(
      /^urn:li:(?:fsd_company|company|fs_normalized_company|organization):/,
      "",
    );
    if (/^\d+$/.test(id)) return { kind: "id", id };
    if (/^[a-z0-9-_%.]+$/i.test(id)) return { kind: "vanity", vanity: id };
    throw new WelinkError("COMPANY_ID_NOT_FOUND", `Not a company id: ${input.company_id}`);
  }
  if (!input.company_url) throw new WelinkError("INVALID_REQUEST", "One of company_url or company_id is required");
  let u: URL;
  try {
    u = new URL(/^https?:\/\//i.test(input.company_url) ? input.company_url : `https://${input.company_url}`);
  } catch {
    throw new WelinkError("INVALID_COMPANY_URL", `Not a company URL: ${input.company_url}`);
  }
  const m = /^\/(?:company|school|showcase)\/([^/?#]+)/.exec(u.pathname);
  if (!/(^|\.)linkedin\.com$/i.test(u.hostname) || !m) {
    throw new WelinkError("INVALID_COMPANY_URL", `Not a company URL: ${input.company_url}`);
  }
  const slug = decodeURIComponent(m[1] as string);
  return /^\d+$/.test(slug) ? { kind: "id", id: slug } : { kind: "vanity", vanity: slug };
}

function readCompany(c: JsonObject): Company {
  const urn = optString(c, "dashEntityUrn") ?? optString(c, "entityUrn") ?? "";
  const name = optString(c, "name");
  if (!name) throw new WelinkError("NO_COMPANY_DATA", `The company page ${urnId(urn)} shows no information`);
  const follow = optObject(c, "followingInfo");
  const hq = optObject(c, "headquarter");
  return {
    company_id: urnId(urn),
    name,
    universal_name: optString(c, "universalName") ?? null,
    description: optString(c, "description") ?? null,
    staff_count: optNumber(c, "staffCount") ?? null,
    industries: (Array.isArray(c.industries) ? c.industries : []).map((x) =>
      typeof x === "string" ? x : (optString(x as JsonObject, "localizedName") ?? ""),
    ),
    website: optString(c, "companyPageUrl") ?? null,
    headquarters: hq ? { city: optString(hq, "city") ?? null, country: optString(hq, "country") ?? null } : null,
    followers: optNumber(follow, "followerCount") ?? null,
    following: optBool(follow, "following") ?? false,
    is_admin: optBool(optObject(c, "viewerPermissions"), "admin") ?? false,
  };
}

export class Companies {
  constructor(private readonly ctx: FamilyContext) {}

  async get(ref: CompanyRef): Promise<Company> {
    const v = this.ctx.voyager;
    if (ref.kind === "id") {
      const op = "companies.byId";
      return v.run(op, {
        legacy: async (step) =>
          readCompany(restliRoot(expectOk(op, await v.call(op, step, { params: { id: ref.id } }), COMPANY_REFUSALS))),
      });
    }
    const op = "companies.byVanity";
    const read = (root: JsonObject) => {
      const first = elementsOf(root, op)[0];
      if (!first) throw new WelinkError("COMPANY_ID_NOT_FOUND", `No company page ${ref.vanity}`);
      return readCompany(first);
    };
    return v.run(op, {
      legacy: async (step) => {
        const query = buildQuery({ decorationId: v.decoration(step), q: "universalName", universalName: ref.vanity });
        return read(restliRoot(expectOk(op, await v.call(op, step, { query }), COMPANY_REFUSALS)));
      },
      dash: async (step) => {
        const query = buildQuery({ q: "universalName", universalName: ref.vanity });
        return read(restliRoot(expectOk(op, await v.call(op, step, { query }), COMPANY_REFUSALS)));
      },
    });
  }

  async follow(companyId: string, follow: boolean): Promise<void> {
    const op = "companies.follow";
    const v = this.ctx.voyager;
    await v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          params: { urn: `urn:li:fsd_followingState:urn:li:company:${companyId}` },
          body: JSON.stringify({ patch: { $set: { following: follow } } }),
        });
        expectOk(op, res, COMPANY_REFUSALS);
      },
    });
  }

  /** Invites 1st-degree connections to follow a page the account administers. */
  async inviteToFollow(
    companyId: string,
    profileIds: string[],
  ): Promise<{ sent: number; credits_remaining: number | null }> {
    const op = "companies.followInvitations";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: "action=invite",
          body: JSON.stringify({
            organizationUrn: `urn:li:fsd_company:${companyId}`,
            inviteeUrns: profileIds.map(profileUrn),
          }),
        });
        const value = actionValue(expectOk(op, res, COMPANY_REFUSALS));
        return { sent: optNumber(value, "sent") ?? 0, credits_remaining: optNumber(value, "creditsRemaining") ?? null };
      },
    });
  }

  async followCredits(
    companyId: string,
  ): Promise<{ credits_remaining: number; credits_total: number | null; reset_at: number | null }> {
    const op = "companies.followInvitations";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const query = buildQuery({ q: "credits", organizationUrn: `urn:li:fsd_company:${companyId}` });
        const root = restliRoot(expectOk(op, await v.call(op, step, { query }), COMPANY_REFUSALS));
        return {
          credits_remaining: optNumber(root, "creditsRemaining") ?? 0,
          credits_total: optNumber(root, "creditsTotal") ?? null,
          reset_at: optNumber(root, "resetAt") ?? null,
        };
      },
    });
  }
}
