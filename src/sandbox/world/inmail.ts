/**
 * InMail credits: a monthly allowance by tier (Premium 5, Sales Navigator 50, Recruiter 30,
 * free 0). A reply within 90 days gives the credit back, as LinkedIn does.
 */

import { monthKey, type WorldClock } from "./clock.ts";
import type { Members } from "./members.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";

export class InMailCredits {
  /** memberId → month → credits used net of refunds. */
  private readonly used = new Map<number, Map<string, number>>();

  constructor(
    private readonly members: Members,
    private readonly clock: WorldClock,
    private readonly settings: WorldSettings,
  ) {}

  available(memberId: number): number {
    const member = this.members.require(memberId);
    const month = monthKey(this.clock.now());
    return this.settings.inmailCredits[member.tier] - (this.used.get(memberId)?.get(month) ?? 0);
  }

  /** Use one credit this month, or NOT_ENOUGH_INMAIL_CREDIT. Returns the month charged. */
  charge(memberId: number): string {
    if (this.available(memberId) <= 0) refuse("NOT_ENOUGH_INMAIL_CREDIT", "no InMail credits left this month");
    const month = monthKey(this.clock.now());
    this.adjust(memberId, month, 1);
    return month;
  }

  /** A reply came in time: the credit goes back to the current month's balance. */
  refund(memberId: number): void {
    this.adjust(memberId, monthKey(this.clock.now()), -1);
  }

  private adjust(memberId: number, month: string, by: number): void {
    let months = this.used.get(memberId);
    if (!months) {
      months = new Map();
      this.used.set(memberId, months);
    }
    months.set(month, (months.get(month) ?? 0) + by);
  }
}
