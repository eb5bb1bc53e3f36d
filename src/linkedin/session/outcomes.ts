/**
 * What a login leaves behind, as plain functions: the account status a failure implies,
 * the profile and the API result a success records, and the identity a stored account
 * already knows (so a new process acts without a /me call).
 */
import { randomInt } from "node:crypto";
import { WelinkError } from "../../errors/index.ts";
import type { AccountProfile, AccountStatus } from "../../store/types.ts";
import type { Identity } from "../families/me.ts";
import type { LoginResult } from "./types.ts";

/** The status a failed login leaves the account in. */
export function statusForFailure(error: unknown): AccountStatus {
  if (error instanceof WelinkError) {
    if (error.code === "ACCOUNT_RESTRICTED") return "RESTRICTED";
    if (error.code === "PROXY_ERROR") return "PROXY_FAILED";
    if (error.code === "INVALID_PIN") return "PIN_REQUIRED";
  }
  return "SESSION_EXPIRED";
}

export function accountProfile(identity: Identity): AccountProfile {
  const p: AccountProfile = {
    first_name: identity.firstName,
    last_name: identity.lastName,
    profile_id: identity.profileId,
    premium: identity.premium,
    sales_navigator: identity.salesNavigator,
    recruiter: identity.recruiter,
  };
  if (identity.publicIdentifier) p.public_identifier = identity.publicIdentifier;
  if (identity.occupation) {
    p.occupation = identity.occupation;
    p.headline = identity.occupation;
  }
  return p;
}

export function loginResult(accountId: string, identity: Identity, email: string | null): LoginResult {
  return {
    accountId,
    first_name: identity.firstName,
    last_name: identity.lastName,
    profile_id: identity.profileId,
    public_identifier: identity.publicIdentifier ?? null,
    premium: identity.premium,
    sales_navigator: identity.salesNavigator,
    recruiter: identity.recruiter,
    occupation: identity.occupation ?? null,
    email,
  };
}

export function quoteJsessionid(value: string): string {
  const bare = value.replace(/^"|"$/g, "");
  return `"${bare}"`;
}

export function nineteenDigits(): string {
  let s = String(randomInt(1, 10));
  while (s.length < 19) s += String(randomInt(0, 10));
  return s;
}

export function identityFromProfile(p: AccountProfile): Identity | undefined {
  if (!p.profile_id) return undefined;
  return {
    profileId: p.profile_id,
    profileUrn: `urn:li:fsd_profile:${p.profile_id}`,
    firstName: p.first_name ?? "",
    lastName: p.last_name ?? "",
    premium: p.premium ?? false,
    salesNavigator: p.sales_navigator ?? false,
    recruiter: p.recruiter ?? false,
    ...(p.public_identifier ? { publicIdentifier: p.public_identifier } : {}),
    ...(p.occupation ? { occupation: p.occupation } : {}),
  };
}
