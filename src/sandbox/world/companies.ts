/**
 * Company pages: resolution from what people paste, followers, admins, and the admins'
 * follow invitations (250 credits a month per page, none for pages over 5,000 followers).
 */

import { monthKey, type WorldClock } from "./clock.ts";
import type { Counters } from "./counters.ts";
import type { Graph } from "./graph.ts";
import type { Members } from "./members.ts";
import type { Pushback } from "./pushback.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";
import type { Company } from "./types.ts";

export type NewCompany = Omit<Company, "followerIds" | "adminIds" | "inviteCreditsUsed" | "followInvites"> & {
  followerIds?: number[];
  adminIds?: number[];
};

export interface CompanyDeps {
  members: Members;
  graph: Graph;
  clock: WorldClock;
  settings: WorldSettings;
  counters: Counters;
  pushback: Pushback;
}

export class Companies {
  private readonly byId = new Map<number, Company>();
  private readonly byName = new Map<string, Company>();
  private readonly followingOf = new Map<number, Set<number>>();
  readonly list: Company[] = [];

  constructor(private readonly deps: CompanyDeps) {}

  add(input: NewCompany): Company {
    const { followerIds = [], adminIds = [], ...rest } = input;
    const company: Company = {
      ...rest,
      followerIds: new Set(),
      adminIds: new Set(adminIds),
      inviteCreditsUsed: new Map(),
      followInvites: new Map(),
    };
    this.byId.set(company.id, company);
    this.byName.set(company.universalName.toLowerCase(), company);
    this.list.push(company);
    for (const id of followerIds) this.addFollower(company, id);
    return company;
  }

  get(companyId: number): Company | undefined {
    return this.byId.get(companyId);
  }

  /** The company or 404_COMPANY. */
  require(companyId: number): Company {
    return this.byId.get(companyId) ?? refuse("404_COMPANY", `no company ${companyId}`);
  }

  /** The company of a vanity name or COMPANY_ID_NOT_FOUND. */
  byVanity(universalName: string): Company {
    return (
      this.byName.get(universalName.toLowerCase()) ?? refuse("COMPANY_ID_NOT_FOUND", `no company/${universalName}`)
    );
  }

  /**
   * Any company reference: `company/<name>`, a linkedin.com/company/<name-or-id>/ URL, a URN
   * (fsd_company, company, organization, fs_normalized_company) or a bare id.
   * Malformed → INVALID_COMPANY_URL; unknown id → 404_COMPANY; unknown vanity → COMPANY_ID_NOT_FOUND.
   */
  resolve(ref: string): Company {
    const raw = ref.trim();
    const urn = /^urn:li:(?:fsd_company|company|organization|fs_normalized_company):(\d+)$/.exec(raw);
    if (urn) return this.require(Number(urn[1]));
    if (/^\d+$/.test(raw)) return this.require(Number(raw));
    const path =
      /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com\/company\/([^/?#]+)/i.exec(raw) ??
      /^company\/([^/?#]+)/.exec(raw);
    const token = path?.[1] ?? (/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(raw) ? raw : undefined);
    if (token === undefined) return refuse("INVALID_COMPANY_URL", `not a company reference: ${ref}`);
    const name = safeDecode(token);
    if (name === null) return refuse("INVALID_COMPANY_URL", `not a company reference: ${ref}`);
    if (/^\d+$/.test(name)) return this.require(Number(name));
    return this.byVanity(name);
  }

  /** The page's content; NO_COMPANY_DATA for a page that shows nothing. */
  view(companyId: number): Company {
    const company = this.require(companyId);
    if (company.empty) refuse("NO_COMPANY_DATA", "this page shows no data");
    return company;
  }

  followerCount(company: Company): number {
    return company.followerIds.size + company.extraFollowers;
  }

  isFollowing(memberId: number, companyId: number): boolean {
    return this.byId.get(companyId)?.followerIds.has(memberId) ?? false;
  }

  /** Following an already-followed page makes no sense: BAD_REQUEST. */
  follow(memberId: number, companyId: number): Company {
    this.deps.pushback.guardAction(memberId);
    this.deps.members.require(memberId);
    const company = this.require(companyId);
    if (company.followerIds.has(memberId)) refuse("BAD_REQUEST", "already following");
    this.addFollower(company, memberId);
    this.deps.counters.bump(memberId, "follows");
    return company;
  }

  unfollow(memberId: number, companyId: number): Company {
    this.deps.pushback.guardAction(memberId);
    const company = this.require(companyId);
    if (!company.followerIds.delete(memberId)) refuse("BAD_REQUEST", "not following");
    this.followingOf.get(memberId)?.delete(companyId);
    this.deps.counters.bump(memberId, "unfollows");
    return company;
  }

  /** Pages the member follows. */
  followedBy(memberId: number): Company[] {
    return [...(this.followingOf.get(memberId) ?? [])].map((id) => this.byId.get(id) as Company);
  }

  administeredBy(memberId: number): Company[] {
    return this.list.filter((c) => c.adminIds.has(memberId));
  }

  /** Follow-invite credits left this calendar month. */
  creditsLeft(companyId: number): number {
    const company = this.require(companyId);
    const used = company.inviteCreditsUsed.get(monthKey(this.deps.clock.now())) ?? 0;
    return Math.max(0, this.deps.settings.companyInviteCreditsPerMonth - used);
  }

  /**
   * An admin invites 1st-degree connections to follow the page. FORBIDDEN for non-admins,
   * TOO_MANY_FOLLOWERS over 5,000 followers, INSUFFICIENT_CREDITS when the month's credits
   * cannot cover them, NOT_CONNECTED for a non-connection. Followers and already-invited
   * members are skipped and cost nothing.
   */
  inviteToFollow(adminId: number, companyId: number, inviteeIds: number[]): { invited: number[]; skipped: number[] } {
    const { members, graph, clock, settings, counters, pushback } = this.deps;
    pushback.guardAction(adminId);
    const company = this.require(companyId);
    if (!company.adminIds.has(adminId)) refuse("FORBIDDEN", "only page admins can invite");
    if (this.followerCount(company) > settings.companyInviteMaxFollowers) {
      refuse("TOO_MANY_FOLLOWERS", "pages over 5,000 followers cannot send follow invitations");
    }
    for (const id of inviteeIds) {
      members.require(id);
      if (!graph.areConnected(adminId, id)) refuse("NOT_CONNECTED", `not connected to ${id}`);
    }
    const invited = [...new Set(inviteeIds)].filter(
      (id) => !company.followerIds.has(id) && !company.followInvites.has(id),
    );
    const skipped = inviteeIds.filter((id) => !invited.includes(id));
    if (invited.length > this.creditsLeft(companyId)) refuse("INSUFFICIENT_CREDITS", "not enough invitation credits");
    const month = monthKey(clock.now());
    company.inviteCreditsUsed.set(month, (company.inviteCreditsUsed.get(month) ?? 0) + invited.length);
    for (const id of invited) company.followInvites.set(id, clock.now());
    if (invited.length > 0) counters.bump(adminId, "companyInvites", invited.length);
    return { invited, skipped };
  }

  private addFollower(company: Company, memberId: number): void {
    company.followerIds.add(memberId);
    let set = this.followingOf.get(memberId);
    if (!set) {
      set = new Set();
      this.followingOf.set(memberId, set);
    }
    set.add(company.id);
  }
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
