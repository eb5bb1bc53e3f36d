/**
 * Profiles: read (Dash finder → GraphQL → legacy profileView), contact info, skills,
 * endorsements, network info, follow. Domain objects only: `Profile` below is what the
 * rest of welink sees, whatever generation answered.
 */
import { WelinkError } from "../../errors/index.ts";
import {
  elementsOf,
  graphqlRoot,
  isObject,
  type JsonObject,
  objects,
  optBool,
  optNumber,
  optObject,
  optString,
  restliRoot,
  ShapeError,
} from "../envelope.ts";
import { buildQuery, encodeRestli, urnId } from "../restli.ts";
import type { Voyager } from "../voyager.ts";
import type { FamilyContext } from "./context.ts";
import { memberIdentity, type ProfileRef, profileUrn } from "./refs.ts";
import { expectOk, graphqlRefusal, type RefusalTable } from "./refusals.ts";

/** Every refusal of the profiles family. */
export const PROFILE_REFUSALS: RefusalTable = {
  codes: {
    BAD_REQUEST: "404_PROFILE_ID",
    CONTACT_INFO_FETCH_FAILED: "CONTACT_INFO_FETCH_FAILED",
    NOT_CONNECTED: "NOT_CONNECTED",
    NO_SKILLS: "NO_SKILLS",
    FORBIDDEN: "FORBIDDEN",
    PROFILE_NOT_FOUND: "PROFILE_NOT_FOUND",
  },
  operationCodes: {
    "profiles.follow": { BAD_REQUEST: "BAD_REQUEST" },
    // Endorsing a skill twice: nothing left to endorse.
    "profiles.endorse": { BAD_REQUEST: "NO_SKILLS" },
  },
  statuses: {
    "profiles.get": { 404: "PROFILE_NOT_FOUND", 400: "404_PROFILE_ID" },
    "profiles.contactInfo": { 404: "PROFILE_NOT_FOUND", 403: "CONTACT_INFO_FETCH_FAILED" },
    "profiles.skills": { 404: "PROFILE_NOT_FOUND" },
    "profiles.endorse": { 404: "NO_SKILLS", 403: "NOT_CONNECTED" },
    "profiles.networkInfo": { 404: "PROFILE_NOT_FOUND" },
    "profiles.follow": { 400: "BAD_REQUEST", 403: "FORBIDDEN", 404: "PROFILE_NOT_FOUND" },
  },
};

export type ConnectionStatus = "SELF" | "CONNECTED" | "PENDING" | "NOT_CONNECTED";

export interface Profile {
  profile_id: string;
  public_identifier: string | null;
  member_id: number | null;
  first_name: string;
  last_name: string;
  full_name: string;
  headline: string | null;
  location: string | null;
  industry: string | null;
  premium: boolean;
  sales_navigator_id: string | null;
  connection_status: ConnectionStatus;
  /** DISTANCE_1/2/3, OUT_OF_NETWORK or SELF. */
  distance: string | null;
  connected_at: number | null;
  invitation: { invitation_id: string; sent_at: number | null; direction: "SENT" | "RECEIVED" } | null;
  positions: { title: string | null; company: string | null; company_id: string | null; current: boolean }[];
  educations: { school: string | null; degree: string | null }[];
}

export interface ContactInfo {
  email: string | null;
  phone_numbers: { number: string; type: string | null }[];
  websites: { url: string; category: string | null }[];
  twitter: string[];
  birthday: { month: number; day: number } | null;
}

export interface Skill {
  name: string;
  endorsement_count: number;
  endorsed_by_viewer: boolean;
}

/** Reads a Dash `Profile` entity (flat or denormalized). */
export function readProfile(p: JsonObject): Profile {
  const urn = optString(p, "entityUrn");
  if (!urn?.startsWith("urn:li:fsd_profile:")) throw new ShapeError("profile without an fsd_profile entityUrn");
  const first = optString(p, "firstName") ?? "";
  const last = optString(p, "lastName") ?? "";
  const objectUrn = optString(p, "objectUrn");
  const rel = optObject(optObject(p, "memberRelationship"), "memberRelationshipUnion");
  let status: ConnectionStatus = "NOT_CONNECTED";
  let distance: string | null = null;
  let connectedAt: number | null = null;
  let invitation: Profile["invitation"] = null;
  if (rel && "self" in rel) {
    status = "SELF";
    distance = "SELF";
  } else if (rel && isObject(rel.connection)) {
    status = "CONNECTED";
    distance = "DISTANCE_1";
    connectedAt = optNumber(rel.connection, "createdAt") ?? null;
  } else if (rel && isObject(rel.noConnection)) {
    distance = optString(rel.noConnection, "memberDistance") ?? null;
    const inv = optObject(optObject(rel.noConnection, "invitationUnion"), "invitation");
    const invUrn = optString(inv, "entityUrn");
    if (inv && invUrn && (optString(inv, "invitationState") ?? "PENDING") === "PENDING") {
      status = "PENDING";
      invitation = {
        invitation_id: urnId(invUrn),
        sent_at: optNumber(inv, "sentTime") ?? null,
        direction: optString(inv, "inviter") === "SELF" ? "SENT" : "RECEIVED",
      };
    }
  }
  return {
    profile_id: urnId(urn),
    public_identifier: optString(p, "publicIdentifier") ?? null,
    member_id: objectUrn ? Number(urnId(objectUrn)) : null,
    first_name: first,
    last_name: last,
    full_name: `${first} ${last}`.trim(),
    headline: optString(p, "headline") ?? null,
    location: optString(p, "locationName") ?? null,
    industry: optString(p, "industryName") ?? optString(p, "industryUrn") ?? null,
    premium: optBool(p, "premium") ?? false,
    sales_navigator_id: optString(p, "salesNavigatorProfileId") ?? null,
    connection_status: status,
    distance,
    connected_at: connectedAt,
    invitation,
    positions: objects(Array.isArray(p.positions) ? p.positions : []).map((x) => ({
      title: optString(x, "title") ?? null,
      company: optString(x, "companyName") ?? null,
      company_id: optString(x, "companyUrn") ? urnId(optString(x, "companyUrn") as string) : null,
      current: optBool(x, "current") ?? false,
    })),
    educations: objects(Array.isArray(p.educations) ? p.educations : []).map((x) => ({
      school: optString(x, "schoolName") ?? null,
      degree: optString(x, "degreeName") ?? null,
    })),
  };
}

/** Reads the legacy profileView answer (kept for accounts still served by it). */
function readProfileView(root: JsonObject): Profile {
  const profile = optObject(root, "profile");
  const mini = optObject(profile, "miniProfile");
  const dash = optString(mini, "dashEntityUrn") ?? optString(mini, "entityUrn");
  if (!profile || !dash) throw new ShapeError("profileView without profile.miniProfile");
  return readProfile({
    ...profile,
    entityUrn: `urn:li:fsd_profile:${urnId(dash)}`,
    publicIdentifier: optString(mini, "publicIdentifier") ?? null,
  });
}

export class Profiles {
  constructor(private readonly ctx: FamilyContext) {}

  private get v(): Voyager {
    return this.ctx.voyager;
  }

  /** One profile; PROFILE_NOT_FOUND when LinkedIn has no such member. */
  async get(ref: ProfileRef): Promise<Profile> {
    const op = "profiles.get";
    const identity = memberIdentity(ref);
    return this.v.run(op, {
      dash: async (step) => {
        const query = buildQuery({
          q: "memberIdentity",
          memberIdentity: identity,
          decorationId: this.v.decoration(step),
        });
        const res = expectOk(
          op,
          await this.v.call(op, step, { query, pageKey: "d_flagship3_profile_view_base" }),
          PROFILE_REFUSALS,
        );
        const elements = elementsOf(restliRoot(res), op);
        if (!elements[0]) throw refusalNotFound(identity);
        return readProfile(elements[0]);
      },
      graphql: async (step) => {
        const query = `variables=${encodeRestli({ memberIdentity: identity })}&queryId=${this.v.queryId(step)}`;
        const res = expectOk(op, await this.v.call(op, step, { query }), PROFILE_REFUSALS);
        const { root, errors } = graphqlRoot(res, "identityDashProfilesByMemberIdentity");
        if (errors.length) throw graphqlRefusal(op, errors, PROFILE_REFUSALS);
        if (!isObject(root)) throw new ShapeError("no identityDashProfilesByMemberIdentity");
        const elements = elementsOf(root, op);
        if (!elements[0]) throw refusalNotFound(identity);
        return readProfile(elements[0]);
      },
      legacy: async (step) => {
        const res = expectOk(op, await this.v.call(op, step, { params: { id: identity } }), PROFILE_REFUSALS);
        return readProfileView(restliRoot(res));
      },
    });
  }

  async contactInfo(ref: ProfileRef): Promise<ContactInfo> {
    const op = "profiles.contactInfo";
    return this.v.run(op, {
      legacy: async (step) => {
        const res = await this.v.call(op, step, { params: { id: memberIdentity(ref) } });
        const root = restliRoot(expectOk(op, res, PROFILE_REFUSALS));
        const birth = optObject(root, "birthDateOn");
        return {
          email: optString(root, "emailAddress") ?? null,
          phone_numbers: objects(Array.isArray(root.phoneNumbers) ? root.phoneNumbers : []).map((x) => ({
            number: optString(x, "number") ?? "",
            type: optString(x, "type") ?? null,
          })),
          websites: objects(Array.isArray(root.websites) ? root.websites : []).map((x) => {
            const type = optObject(x, "type");
            const inner = type ? Object.values(type).find(isObject) : undefined;
            return {
              url: optString(x, "url") ?? "",
              category:
                optString(inner as JsonObject | undefined, "category") ??
                optString(inner as JsonObject | undefined, "label") ??
                null,
            };
          }),
          twitter: objects(Array.isArray(root.twitterHandles) ? root.twitterHandles : [])
            .map((x) => optString(x, "name") ?? "")
            .concat(
              (Array.isArray(root.twitterHandles) ? root.twitterHandles : []).filter(
                (x): x is string => typeof x === "string",
              ),
            ),
          birthday:
            birth && optNumber(birth, "month") !== undefined
              ? { month: optNumber(birth, "month") as number, day: optNumber(birth, "day") ?? 1 }
              : null,
        };
      },
    });
  }

  /** Skills (GraphQL components first, legacy list second). Needs the ACoAA id. */
  async skills(profileId: string): Promise<Skill[]> {
    const op = "profiles.skills";
    const read = (x: JsonObject): Skill => ({
      name: optString(x, "name") ?? "",
      endorsement_count: optNumber(x, "endorsementCount") ?? 0,
      endorsed_by_viewer: optBool(x, "endorsedByViewer") ?? false,
    });
    return this.v.run(op, {
      graphql: async (step) => {
        const variables = encodeRestli({ profileUrn: profileUrn(profileId), sectionType: "skills" });
        const res = await this.v.call(op, step, { query: `variables=${variables}&queryId=${this.v.queryId(step)}` });
        const { root, errors } = graphqlRoot(
          expectOk(op, res, PROFILE_REFUSALS),
          "identityDashProfileComponentsBySectionType",
        );
        if (errors.length) throw graphqlRefusal(op, errors, PROFILE_REFUSALS);
        if (!isObject(root)) throw new ShapeError("no identityDashProfileComponentsBySectionType");
        return elementsOf(root, op).map(read);
      },
      legacy: async (step) => {
        const res = await this.v.call(op, step, { params: { id: profileId }, query: "count=100&start=0" });
        return elementsOf(restliRoot(expectOk(op, res, PROFILE_REFUSALS)), op).map(read);
      },
    });
  }

  /** Endorses one skill by name (sandbox-defined path, LinkedIn's legacy style). */
  async endorse(profileId: string, skill: string): Promise<void> {
    const op = "profiles.endorse";
    await this.v.run(op, {
      legacy: async (step) => {
        const res = await this.v.call(op, step, {
          method: "POST",
          params: { id: profileId },
          body: JSON.stringify({ skill: { name: skill } }),
        });
        expectOk(op, res, PROFILE_REFUSALS);
      },
    });
  }

  async networkInfo(
    ref: ProfileRef,
  ): Promise<{ followers: number; connections: number; distance: string | null; following: boolean }> {
    const op = "profiles.networkInfo";
    return this.v.run(op, {
      legacy: async (step) => {
        const res = await this.v.call(op, step, { params: { id: memberIdentity(ref) } });
        const root = restliRoot(expectOk(op, res, PROFILE_REFUSALS));
        return {
          followers: optNumber(root, "followersCount") ?? 0,
          connections: optNumber(root, "connectionsCount") ?? 0,
          distance: optString(optObject(root, "distance"), "value") ?? null,
          following: optBool(root, "following") ?? false,
        };
      },
    });
  }

  /** Follows or unfollows a member (by numeric member id, as LinkedIn's following states key it). */
  async follow(memberId: number, follow: boolean): Promise<void> {
    const op = "profiles.follow";
    await this.v.run(op, {
      dash: async (step) => {
        const res = await this.v.call(op, step, {
          method: "POST",
          params: { urn: `urn:li:fsd_followingState:urn:li:member:${memberId}` },
          body: JSON.stringify({ patch: { $set: { following: follow } } }),
        });
        expectOk(op, res, PROFILE_REFUSALS);
      },
    });
  }
}

function refusalNotFound(identity: string): WelinkError {
  return new WelinkError("PROFILE_NOT_FOUND", `No LinkedIn member ${identity}`);
}
