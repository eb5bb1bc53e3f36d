/**
 * What each member really did, as the world saw it (not as the client believes): tests
 * compare them with what welink reports. The generator's history is not counted.
 */

export const COUNTER_NAMES = [
  "requests",
  "invitationsSent",
  "invitationsDropped",
  "invitationsWithdrawn",
  "invitationsAccepted",
  "invitationsIgnored",
  "messagesSent",
  "inmailsSent",
  "postsCreated",
  "reactions",
  "comments",
  "searches",
  "profileViews",
  "follows",
  "unfollows",
  "endorsements",
  "companyInvites",
  "eventInvites",
  "refusals",
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type MemberCounters = Record<CounterName, number>;

function zero(): MemberCounters {
  return Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as MemberCounters;
}

export class Counters {
  private readonly byMember = new Map<number, MemberCounters>();

  bump(memberId: number, name: CounterName, by = 1): void {
    let counters = this.byMember.get(memberId);
    if (!counters) {
      counters = zero();
      this.byMember.set(memberId, counters);
    }
    counters[name] += by;
  }

  /** A copy; zeros for a member who did nothing. */
  of(memberId: number): MemberCounters {
    return { ...(this.byMember.get(memberId) ?? zero()) };
  }

  /** Every member who did something, by memberId. */
  all(): Record<number, MemberCounters> {
    return Object.fromEntries([...this.byMember].map(([id, c]) => [id, { ...c }]));
  }

  reset(): void {
    this.byMember.clear();
  }
}
