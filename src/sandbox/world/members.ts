/**
 * The member registry: every lookup the protocol needs (by numeric id, ACoAA/ACwAA/AEMAA
 * id, vanity, email) and `resolve`, which accepts a profile reference the way people paste
 * one (URL with or without `www.`, locale sub-domain, trailing slash, query string; URN;
 * bare id or vanity).
 */

import { memberIds } from "./ids.ts";
import { refuse } from "./refusal.ts";
import type { Member } from "./types.ts";

/** What a caller supplies to add a member; ids are derived from `memberId`. */
export type NewMember = Omit<Member, "profileId" | "salesId" | "recruiterId">;

const VANITY = /^[\p{L}\p{N}_-]{3,100}$/u;

export class Members {
  private readonly byMemberId = new Map<number, Member>();
  /** The three encoded ids share their tail after the 5-character prefix: one map serves all. */
  private readonly byTail = new Map<string, Member>();
  private readonly byVanity = new Map<string, Member>();
  private readonly byEmail = new Map<string, Member>();
  /** Insertion order, for stable listing and search. */
  readonly list: Member[] = [];

  /**
   * Add a member; the input object becomes the member record (ids are added to it). Copying
   * it with a spread was measured at 26 µs a member (100,000 members: 2.6 s) against ~1 µs.
   */
  add(input: NewMember): Member {
    if (this.byMemberId.has(input.memberId)) throw new Error(`member ${input.memberId} exists`);
    const ids = memberIds(input.memberId);
    const member = input as Member;
    member.profileId = ids.profileId;
    member.salesId = ids.salesId;
    member.recruiterId = ids.recruiterId;
    this.byMemberId.set(member.memberId, member);
    this.byTail.set(member.profileId.slice(5), member);
    this.byVanity.set(member.publicIdentifier.toLowerCase(), member);
    this.byEmail.set(member.email.toLowerCase(), member);
    this.list.push(member);
    return member;
  }

  get count(): number {
    return this.list.length;
  }

  get(memberId: number): Member | undefined {
    return this.byMemberId.get(memberId);
  }

  /** The member or PROFILE_NOT_FOUND. */
  require(memberId: number): Member {
    return this.byMemberId.get(memberId) ?? refuse("PROFILE_NOT_FOUND", `no member ${memberId}`);
  }

  byProfileId(profileId: string): Member | undefined {
    return this.byEncoded("ACoAA", profileId);
  }

  bySalesId(salesId: string): Member | undefined {
    return this.byEncoded("ACwAA", salesId);
  }

  byRecruiterId(recruiterId: string): Member | undefined {
    return this.byEncoded("AEMAA", recruiterId);
  }

  private byEncoded(prefix: string, id: string): Member | undefined {
    return id.startsWith(prefix) ? this.byTail.get(id.slice(5)) : undefined;
  }

  byPublicIdentifier(vanity: string): Member | undefined {
    return this.byVanity.get(vanity.toLowerCase());
  }

  byEmailAddress(email: string): Member | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }

  /**
   * Any profile reference → member. Malformed → 404_PROFILE_ID; well-formed but nobody →
   * PROFILE_NOT_FOUND.
   */
  resolve(ref: string): Member {
    const token = profileToken(ref);
    if (token === null) return refuse("404_PROFILE_ID", `not a profile reference: ${ref}`);
    const found = this.lookupToken(token);
    return found ?? refuse("PROFILE_NOT_FOUND", `no member for ${ref}`);
  }

  private lookupToken(token: string): Member | undefined {
    if (/^\d+$/.test(token)) return this.byMemberId.get(Number(token));
    if (token.startsWith("ACoAA") || token.startsWith("ACwAA") || token.startsWith("AEMAA")) {
      return this.byTail.get(token.slice(5));
    }
    return this.byVanity.get(token.toLowerCase());
  }
}

/** The id-or-vanity inside a reference, or null when it is not a profile reference at all. */
export function profileToken(raw: string): string | null {
  const ref = raw.trim();
  if (ref === "") return null;
  const urn = /^urn:li:(?:fsd_profile|fs_miniProfile|fs_profile|member):([A-Za-z0-9_-]+)$/.exec(ref);
  if (urn) return urn[1] ?? null;
  const sales = /^urn:li:fs_salesProfile:\((ACwAA[A-Za-z0-9_-]+)/.exec(ref);
  if (sales) return sales[1] ?? null;
  if (ref.startsWith("urn:")) return null;
  if (/^(https?:\/\/)?([a-z0-9-]+\.)*linkedin\.com(\/|$)/i.test(ref) || /^(in|sales|talent)\//.test(ref)) {
    return tokenFromPath(ref);
  }
  if (ref.includes("/") || ref.includes(":")) return null;
  return VANITY.test(ref) ? ref : null;
}

function tokenFromPath(ref: string): string | null {
  const withScheme = /^https?:\/\//i.test(ref)
    ? ref
    : `https://www.linkedin.com/${ref.replace(/^.*?linkedin\.com\/?/i, "")}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  const parts = url.pathname.split("/").filter((p) => p !== "");
  const [first, second, third] = parts;
  let token: string | undefined;
  if (first === "in" || first === "pub") token = second;
  else if (first === "sales" && (second === "lead" || second === "people")) token = third?.split(",")[0];
  else if (first === "talent" && second === "profile") token = third;
  if (token === undefined) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    return null;
  }
  return VANITY.test(decoded) ? decoded : null;
}
