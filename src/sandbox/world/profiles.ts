/**
 * What members do to each other's profiles: contact info with its visibility, skills and
 * endorsements, following a member, profile views ("who viewed my profile") and the
 * birthdays, work anniversaries and job changes of "today" by the world's clock.
 */

import { DAY, monthDay, type WorldClock } from "./clock.ts";
import type { Counters } from "./counters.ts";
import type { Faults } from "./faults.ts";
import type { Graph } from "./graph.ts";
import type { Members } from "./members.ts";
import type { Pushback } from "./pushback.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";
import type { ContactInfo, Member, ProfileView, Skill } from "./types.ts";

export interface ProfileDeps {
  members: Members;
  graph: Graph;
  clock: WorldClock;
  settings: WorldSettings;
  counters: Counters;
  pushback: Pushback;
  faults: Faults;
}

export interface Greetings {
  birthdays: Member[];
  workAnniversaries: Member[];
  jobChanges: Member[];
}

export class Profiles {
  private readonly followers = new Map<number, Set<number>>();
  private readonly following = new Map<number, Set<number>>();
  private readonly views = new Map<number, ProfileView[]>();

  constructor(private readonly deps: ProfileDeps) {}

  /** Visible to self, to everyone, or to 1st degree by the member's setting; else CONTACT_INFO_FETCH_FAILED. */
  contactInfo(viewerId: number, memberId: number): ContactInfo {
    const member = this.deps.members.require(memberId);
    const v = member.contactInfo.visibility;
    const ok =
      viewerId === memberId ||
      v === "everyone" ||
      (v === "connections" && this.deps.graph.areConnected(viewerId, memberId));
    if (!ok) refuse("CONTACT_INFO_FETCH_FAILED", "contact info is not visible to this viewer");
    return member.contactInfo;
  }

  skills(memberId: number): Skill[] {
    return this.deps.members.require(memberId).skills;
  }

  /** NOT_CONNECTED unless 1st degree; NO_SKILLS when the member lists none or not that one. */
  endorse(endorserId: number, memberId: number, skillName: string): Skill {
    this.deps.pushback.guardAction(endorserId);
    const member = this.deps.members.require(memberId);
    if (!this.deps.graph.areConnected(endorserId, memberId)) refuse("NOT_CONNECTED", "only connections can endorse");
    if (member.skills.length === 0) refuse("NO_SKILLS", "this member lists no skills");
    const skill =
      member.skills.find((s) => s.name.toLowerCase() === skillName.toLowerCase()) ??
      refuse("NO_SKILLS", `no skill ${skillName}`);
    if (skill.endorserIds.includes(endorserId)) refuse("BAD_REQUEST", "already endorsed");
    skill.endorserIds.push(endorserId);
    this.deps.counters.bump(endorserId, "endorsements");
    return skill;
  }

  /** FORBIDDEN for a member one cannot reach (restricted); BAD_REQUEST for self or already following. */
  follow(followerId: number, memberId: number): void {
    this.deps.pushback.guardAction(followerId);
    const target = this.deps.members.require(memberId);
    if (target.restricted) refuse("FORBIDDEN", "no access to this member");
    if (followerId === memberId) refuse("BAD_REQUEST", "cannot follow yourself");
    if (this.isFollowing(followerId, memberId)) refuse("BAD_REQUEST", "already following");
    add(this.following, followerId, memberId);
    add(this.followers, memberId, followerId);
    this.deps.counters.bump(followerId, "follows");
  }

  unfollow(followerId: number, memberId: number): void {
    this.deps.pushback.guardAction(followerId);
    this.deps.members.require(memberId);
    if (!this.isFollowing(followerId, memberId)) refuse("BAD_REQUEST", "not following");
    this.following.get(followerId)?.delete(memberId);
    this.followers.get(memberId)?.delete(followerId);
    this.deps.counters.bump(followerId, "unfollows");
  }

  /** Explicit follows, plus connections (who follow each other on LinkedIn unless they unfollow). */
  isFollowing(followerId: number, memberId: number): boolean {
    return this.following.get(followerId)?.has(memberId) ?? false;
  }

  followerCount(memberId: number): number {
    return (this.followers.get(memberId)?.size ?? 0) + this.deps.graph.count(memberId);
  }

  /** The http layer records a view each time a member opens another's profile. */
  recordView(viewerId: number, viewedId: number, at = this.deps.clock.now()): void {
    if (viewerId === viewedId) return;
    const list = this.views.get(viewedId) ?? [];
    list.push({ viewerId, viewedId, at });
    this.views.set(viewedId, list);
    this.deps.counters.bump(viewerId, "profileViews");
  }

  /** Distinct viewers of the last 90 days, latest view first (empty = NO_VIEWERS_FOUND for clients). */
  viewers(memberId: number): ProfileView[] {
    const since = this.deps.clock.now() - this.deps.settings.profileViewsWindowMs;
    const latest = new Map<number, ProfileView>();
    for (const v of this.views.get(memberId) ?? []) {
      if (v.at > since && v.at <= this.deps.clock.now() && (latest.get(v.viewerId)?.at ?? -1) < v.at) {
        latest.set(v.viewerId, v);
      }
    }
    return [...latest.values()].sort((a, b) => b.at - a.at || a.viewerId - b.viewerId);
  }

  /** Every recorded view (for dumps), by viewed member then time. */
  allViews(): ProfileView[] {
    return [...this.views.values()].flat();
  }

  /** Views of the last 90 days; TOTAL_COUNT_FAILED while a "total_count" fault is injected. */
  viewsTotal(memberId: number): number {
    if (this.deps.faults.take(memberId, "", ["total_count"])) refuse("TOTAL_COUNT_FAILED", "total unavailable");
    const since = this.deps.clock.now() - this.deps.settings.profileViewsWindowMs;
    return (this.views.get(memberId) ?? []).filter((v) => v.at > since && v.at <= this.deps.clock.now()).length;
  }

  /** Connections with a birthday, work anniversary (1 year or more) or job change today (UTC). */
  greetings(memberId: number): Greetings {
    const now = this.deps.clock.now();
    const today = monthDay(now);
    const dayStart = now - (now % DAY);
    const out: Greetings = { birthdays: [], workAnniversaries: [], jobChanges: [] };
    for (const id of this.deps.graph.connections(memberId)) {
      const m = this.deps.members.get(id);
      if (!m) continue;
      if (m.birthday && m.birthday.month === today.month && m.birthday.day === today.day) out.birthdays.push(m);
      const start = monthDay(m.jobStartedAt);
      if (start.month === today.month && start.day === today.day && m.jobStartedAt < dayStart - 300 * DAY) {
        out.workAnniversaries.push(m);
      }
      if (m.jobChangedAt !== null && m.jobChangedAt >= dayStart && m.jobChangedAt < dayStart + DAY)
        out.jobChanges.push(m);
    }
    return out;
  }
}

function add(map: Map<number, Set<number>>, key: number, value: number): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
