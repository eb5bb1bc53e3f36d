/**
 * LinkedIn's pushback: the request-burst rule (more than 60 requests a minute → 429 for 5
 * minutes) and the restriction of members who keep acting after repeated pushback (3 FUSE
 * or 429 answers within 24 h, then any further write → ACCOUNT_RESTRICTED).
 */

import type { WorldClock } from "./clock.ts";
import type { Counters } from "./counters.ts";
import type { Members } from "./members.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";

export class Pushback {
  private readonly recent = new Map<number, number[]>();
  private readonly blocked = new Map<number, number>();
  private readonly pushbacks = new Map<number, number[]>();

  constructor(
    private readonly members: Members,
    private readonly clock: WorldClock,
    private readonly settings: WorldSettings,
    private readonly counters: Counters,
  ) {}

  /**
   * Called by the http layer on every authenticated request. true = answer 429. The burst
   * that trips the block counts as one pushback; requests during the block do not count
   * again (a client that waits is not punished twice).
   */
  noteRequest(memberId: number): boolean {
    const now = this.clock.now();
    this.counters.bump(memberId, "requests");
    const until = this.blocked.get(memberId);
    if (until !== undefined) {
      if (now < until) return true;
      this.blocked.delete(memberId);
    }
    const windowStart = now - 60_000;
    const times = (this.recent.get(memberId) ?? []).filter((t) => t > windowStart && t <= now);
    times.push(now);
    if (times.length > this.settings.burstRequestsPerMinute) {
      this.recent.delete(memberId);
      this.blocked.set(memberId, now + this.settings.burstPenaltyMs);
      this.record(memberId);
      return true;
    }
    this.recent.set(memberId, times);
    return false;
  }

  /** When the member's 429 block ends, if one is running. */
  blockedUntil(memberId: number): number | undefined {
    const until = this.blocked.get(memberId);
    return until !== undefined && until > this.clock.now() ? until : undefined;
  }

  /** A FUSE_LIMIT_EXCEEDED or 429 answer was given to this member. */
  record(memberId: number): void {
    const list = this.pushbacks.get(memberId) ?? [];
    list.push(this.clock.now());
    this.pushbacks.set(memberId, list);
  }

  recentPushbacks(memberId: number): number {
    const since = this.clock.now() - this.settings.pushbackWindowMs;
    return (this.pushbacks.get(memberId) ?? []).filter((t) => t > since).length;
  }

  /**
   * Every write action starts here: ACCOUNT_RESTRICTED for a restricted member, and a member
   * who acts again after enough pushback becomes restricted now.
   */
  guardAction(memberId: number): void {
    const member = this.members.require(memberId);
    if (!member.restricted && this.recentPushbacks(memberId) >= this.settings.pushbacksBeforeRestriction) {
      member.restricted = true;
    }
    if (member.restricted) refuse("ACCOUNT_RESTRICTED", "this account is restricted");
  }

  /** Lift a restriction and forget pushback (control API). */
  lift(memberId: number): void {
    this.members.require(memberId).restricted = false;
    this.pushbacks.delete(memberId);
    this.blocked.delete(memberId);
  }
}
