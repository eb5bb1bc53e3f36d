/**
 * `GET /voyager/api/me`: the session's health check and the account's own identity
 * (voyager.md §3.1). Its failures at login are the seed's BASIC_INFO_NOT_FOUND (no mini
 * profile) and OWN_PROFILE_ID_NOT_FOUND (a mini profile without its id).
 */
import { WelinkError } from "../../errors/index.ts";
import { type JsonObject, optBool, optNumber, optObject, optString, restliRoot } from "../envelope.ts";
import { urnId } from "../restli.ts";
import type { Voyager } from "../voyager.ts";

/** Who the session belongs to. `profileId` is the bare `ACoAA…` id (the API's `profile_id`). */
export interface Identity {
  profileId: string;
  profileUrn: string;
  memberId?: number;
  publicIdentifier?: string;
  firstName: string;
  lastName: string;
  occupation?: string;
  premium: boolean;
  salesNavigator: boolean;
  recruiter: boolean;
  email?: string;
}

/** Reads the `Me` root (denormalized). Throws the login codes when parts are missing. */
export function identityFromMe(me: JsonObject): Identity {
  const mini = optObject(me, "miniProfile");
  const firstName = optString(mini, "firstName");
  if (!mini || firstName === undefined) {
    throw new WelinkError("BASIC_INFO_NOT_FOUND", "LinkedIn's /me answer has no basic profile information");
  }
  const dash = optString(mini, "dashEntityUrn");
  const legacy = optString(mini, "entityUrn");
  const id = dash ? urnId(dash) : legacy ? urnId(legacy) : undefined;
  if (!id) throw new WelinkError("OWN_PROFILE_ID_NOT_FOUND", "LinkedIn's /me answer has no profile id");
  const identity: Identity = {
    profileId: id,
    profileUrn: `urn:li:fsd_profile:${id}`,
    firstName,
    lastName: optString(mini, "lastName") ?? "",
    premium: optBool(me, "premiumSubscriber") ?? false,
    salesNavigator: optBool(me, "salesNavigator") ?? false,
    recruiter: optBool(me, "recruiter") ?? false,
  };
  const plainId = optNumber(me, "plainId");
  const objectUrn = optString(mini, "objectUrn");
  if (plainId !== undefined) identity.memberId = plainId;
  else if (objectUrn) identity.memberId = Number(urnId(objectUrn));
  const vanity = optString(mini, "publicIdentifier");
  if (vanity) identity.publicIdentifier = vanity;
  const occupation = optString(mini, "occupation");
  if (occupation) identity.occupation = occupation;
  const email = optString(me, "emailAddress");
  if (email) identity.email = email;
  return identity;
}

export async function fetchIdentity(voyager: Voyager): Promise<Identity> {
  return voyager.run("me", {
    legacy: async (step) => identityFromMe(restliRoot(await voyager.call("me", step))),
  });
}

/** The `me` endpoint's result (API.md). */
export interface MeResult {
  first_name: string;
  last_name: string;
  full_name: string;
  headline: string | null;
  location: string | null;
  is_premium: boolean;
  profile_id: string;
}

export function meResult(identity: Identity, location: string | null = null): MeResult {
  return {
    first_name: identity.firstName,
    last_name: identity.lastName,
    full_name: `${identity.firstName} ${identity.lastName}`.trim(),
    headline: identity.occupation ?? null,
    location,
    is_premium: identity.premium,
    profile_id: identity.profileId,
  };
}
