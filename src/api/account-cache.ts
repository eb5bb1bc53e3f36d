import type { Clock } from "../lib/clock.ts";
import type { Account, Store } from "../store/types.ts";

/**
 * The gateway reads the account named by every action call (ownership and status). Measured
 * with the database writes stubbed out, that read was 10% of the server's CPU on SQLite, and
 * it is a round trip per call on PostgreSQL. So ACTIVE accounts are remembered for `ttlMs`
 * (1 s): only ACTIVE ones, so an account that just became ACTIVE is usable at once, and a
 * status change made elsewhere (the engine, another node) shows within the TTL. A request
 * accepted in that second is no different from one queued a second earlier: the engine
 * deals with queued work of an account that left ACTIVE. Disconnects made by this process
 * forget the entry at once.
 */
export class AccountCache {
  private readonly entries = new Map<string, { account: Account; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs = 1000,
    private readonly maxEntries = 100_000,
  ) {}

  /** The account, from memory when it was ACTIVE less than ttlMs ago. */
  async getActive(id: string): Promise<Account | null> {
    const now = this.clock.now();
    const hit = this.entries.get(id);
    if (hit && hit.until > now) return hit.account;
    const account = await this.store.getAccount(id);
    if (account?.status === "ACTIVE") {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(id, { account, until: now + this.ttlMs });
    } else {
      this.entries.delete(id);
    }
    return account;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }
}
