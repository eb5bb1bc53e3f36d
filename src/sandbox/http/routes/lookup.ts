/** Finding world records from the references clients put in paths and parameters. */

import { profileToken } from "../../world/members.ts";
import { refuse } from "../../world/refusal.ts";
import type { Member } from "../../world/types.ts";
import type { World } from "../../world/world.ts";
import { badRequest } from "../query.ts";

/**
 * A member from a vanity, an ACoAA id, a profile URN or URL. Undefined when well-formed
 * but nobody; BAD_REQUEST when it is not a profile reference at all.
 */
export function findMember(world: World, ref: string): Member | undefined {
  const token = profileToken(ref);
  if (token === null) throw badRequest(`not a profile reference: ${ref}`);
  if (token.startsWith("ACoAA")) return world.members.byProfileId(token);
  if (token.startsWith("ACwAA")) return world.members.bySalesId(token);
  if (token.startsWith("AEMAA")) return world.members.byRecruiterId(token);
  if (/^\d+$/.test(token)) return world.members.get(Number(token));
  return world.members.byPublicIdentifier(token);
}

/** As findMember, but PROFILE_NOT_FOUND (404) when nobody. */
export function requireMember(world: World, ref: string): Member {
  return findMember(world, ref) ?? refuse("PROFILE_NOT_FOUND", `no member for ${ref}`, 404);
}

/** The member of a `urn:li:fsd_profile:ACoAA…` URN (strict: only that form). */
export function memberByProfileUrn(world: World, urn: string): Member {
  const m = /^urn:li:fsd_profile:(ACoAA[A-Za-z0-9_-]+)$/.exec(urn);
  if (!m) throw badRequest(`not a profile URN: ${urn}`);
  return world.members.byProfileId(m[1] as string) ?? refuse("PROFILE_NOT_FOUND", `no member ${urn}`, 404);
}

/** The number at the end of a URN of the given kind (`urn:li:fsd_invitation:7` → 7). */
export function urnNumber(urn: string, kind: string): number {
  const m = new RegExp(`^urn:li:${kind}:(\\d+)$`).exec(urn);
  if (!m) throw badRequest(`not a ${kind} URN: ${urn}`);
  return Number(m[1]);
}
