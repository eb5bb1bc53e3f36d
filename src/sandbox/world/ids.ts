/**
 * LinkedIn-looking identifiers (voyager.md §5). They are pure functions of a number, so
 * the same member has the same ids in every world, whatever the seed.
 */

import { hash32 } from "./random.ts";

/** 25 bytes: the member id then a mix of it, base64url → 34 characters, as LinkedIn's tails. */
function memberTail(memberId: number): string {
  const bytes = Buffer.alloc(25);
  bytes.writeUInt32BE(memberId >>> 0, 0);
  for (let i = 4; i < 25; i += 4) {
    const h = hash32(memberId, i);
    for (let k = 0; k < 4 && i + k < 25; k++) bytes[i + k] = (h >>> (k * 8)) & 0xff;
  }
  return bytes.toString("base64url");
}

export function memberIds(memberId: number): { profileId: string; salesId: string; recruiterId: string } {
  const tail = memberTail(memberId);
  return { profileId: `ACoAA${tail}`, salesId: `ACwAA${tail}`, recruiterId: `AEMAA${tail}` };
}

/** `2-<base64 of a uuid-like string and "_010">`, the shape LinkedIn's thread ids have. */
export function threadIdFor(n: number, seed: number): string {
  const hex = [hash32(seed, n, 1), hash32(seed, n, 2), hash32(seed, n, 3), hash32(seed, n, 4)]
    .map((h) => h.toString(16).padStart(8, "0"))
    .join("");
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `2-${Buffer.from(`${uuid}_010`).toString("base64")}`;
}

/** A 19-digit activity id: 7 + 18 digits that grow with `n` (posts sort by id as by time). */
export function activityIdFor(n: number): string {
  return `7${String(400_000_000_000_000_000n + BigInt(n) * 1_000n + BigInt(hash32(n) % 1000)).padStart(18, "0")}`;
}

export function sharedSecretFor(id: number, seed: number): string {
  return (hash32(seed, id, 7).toString(36) + hash32(id, seed, 11).toString(36)).slice(0, 8);
}

export const profileUrn = (profileId: string) => `urn:li:fsd_profile:${profileId}`;
export const memberUrn = (memberId: number) => `urn:li:member:${memberId}`;
export const invitationUrn = (id: number) => `urn:li:fsd_invitation:${id}`;
export const companyUrn = (id: number) => `urn:li:fsd_company:${id}`;
export const activityUrn = (id: string) => `urn:li:activity:${id}`;
export const groupUrn = (id: number) => `urn:li:fsd_group:${id}`;
export const eventUrn = (id: number) => `urn:li:fsd_professionalEvent:${id}`;
export const conversationUrn = (profileId: string, threadId: string) =>
  `urn:li:msg_conversation:(${profileUrn(profileId)},${threadId})`;
