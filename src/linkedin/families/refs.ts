/**
 * Identifiers as users give them (API.md inputs) → what LinkedIn's paths need. Profile
 * URLs are accepted as people paste them: with or without `www.`, locale sub-domains,
 * trailing slash, query string, `/in/<vanity>`, Sales Navigator `/sales/lead/<ACwAA…>,…`
 * (and the older `/sales/people/`), Recruiter `/talent/profile/<AEMAA…>`; `profile_id` as
 * `ACoAA…` or its URN. Anything else is 404_PROFILE_ID before a request is made.
 */
import { WelinkError } from "../../errors/index.ts";

/**
 * `seat`: a Sales Navigator (`ACwAA…`) or Recruiter (`AEMAA…`) encoding of a member, which
 * LinkedIn's member-identity finder resolves like a vanity name.
 */
export type ProfileRef = { kind: "id"; id: string } | { kind: "vanity"; vanity: string } | { kind: "seat"; id: string };

const PROFILE_ID = /^ACoAA[A-Za-z0-9_-]{2,}$/;
const SEAT_ID = /^(?:ACwAA|AEMAA)[A-Za-z0-9_-]{2,}$/;
/** `/sales/lead/<id>,NAME_SEARCH,<token>`, `/sales/people/<id>,…`, `/talent/…/profile/<id>`, `/recruiter/profile/<id>,…`. */
const SEAT_PATH = /^\/(?:sales\/(?:lead|people)|talent\/(?:[^?#]*\/)?profile|recruiter\/profile)\/([^/,?#]+)/;
const VANITY = /^[A-Za-z0-9\-_%À-ž]{3,100}$/;

export function profileIdOf(value: string): string {
  const bare = value.trim().replace(/^urn:li:(?:fsd_profile|fs_miniProfile|fs_profile):/, "");
  if (!PROFILE_ID.test(bare)) throw new WelinkError("404_PROFILE_ID", `Not a LinkedIn profile id: ${value}`);
  return bare;
}

export function profileUrn(id: string): string {
  return `urn:li:fsd_profile:${id}`;
}

export function parseProfileUrl(url: string): ProfileRef {
  let u: URL;
  try {
    u = new URL(/^https?:\/\//i.test(url.trim()) ? url.trim() : `https://${url.trim()}`);
  } catch {
    throw new WelinkError("404_PROFILE_ID", `Not a LinkedIn profile URL: ${url}`);
  }
  const hostOk = /(^|\.)linkedin\.com$/i.test(u.hostname) || /^(127\.0\.0\.1|localhost)$/.test(u.hostname);
  const seat = SEAT_PATH.exec(u.pathname)?.[1];
  if (hostOk && seat) {
    if (!SEAT_ID.test(seat) && !PROFILE_ID.test(seat))
      throw new WelinkError("404_PROFILE_ID", `Not a Sales Navigator or Recruiter profile URL: ${url}`);
    return PROFILE_ID.test(seat) ? { kind: "id", id: seat } : { kind: "seat", id: seat };
  }
  const m = /^\/in\/([^/]+)\/?/.exec(u.pathname);
  if (!hostOk || !m) throw new WelinkError("404_PROFILE_ID", `Not a LinkedIn profile URL: ${url}`);
  let slug: string;
  try {
    slug = decodeURIComponent(m[1] as string);
  } catch {
    throw new WelinkError("404_PROFILE_ID", `Not a LinkedIn profile URL: ${url}`);
  }
  if (PROFILE_ID.test(slug)) return { kind: "id", id: slug };
  if (!VANITY.test(slug)) throw new WelinkError("404_PROFILE_ID", `Not a LinkedIn profile URL: ${url}`);
  return { kind: "vanity", vanity: slug };
}

/** From the API's `profile_url` / `public_identifier` / `profile_id` (first one given). */
export function profileRef(input: {
  profile_url?: string;
  public_identifier?: string;
  profile_id?: string;
}): ProfileRef {
  if (input.profile_id) return { kind: "id", id: profileIdOf(input.profile_id) };
  if (input.public_identifier) {
    const v = input.public_identifier
      .trim()
      .replace(/^in\//, "")
      .replace(/\/$/, "")
      .replace(/^urn:li:fs_salesProfile:\(([^,)]+).*$/, "$1")
      .replace(/^urn:li:ts_profile:/, "");
    if (PROFILE_ID.test(v)) return { kind: "id", id: v };
    if (SEAT_ID.test(v)) return { kind: "seat", id: v };
    if (!VANITY.test(v)) throw new WelinkError("404_PROFILE_ID", `Not a public identifier: ${input.public_identifier}`);
    return { kind: "vanity", vanity: v };
  }
  if (input.profile_url) return parseProfileUrl(input.profile_url);
  throw new WelinkError("INVALID_REQUEST", "One of profile_url, public_identifier or profile_id is required");
}

/** The `memberIdentity` of the Dash finder: vanity or ACoAA id. */
export function memberIdentity(ref: ProfileRef): string {
  return ref.kind === "vanity" ? ref.vanity : ref.id;
}

/** `urn:li:fsd_invitation:7001` / `urn:li:fs_relInvitation:7001` / `7001` → `7001`. */
export function invitationIdOf(value: string | number): string {
  const v = String(value)
    .trim()
    .replace(/^urn:li:(?:fsd_invitation|fs_relInvitation):/, "");
  if (!/^\d+$/.test(v)) throw new WelinkError("INVITATION_ID_NOT_FOUND", `Not an invitation id: ${value}`);
  return v;
}
