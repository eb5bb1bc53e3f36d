import type { Clock } from "../lib/clock.ts";
import type { Account, AccountWatch, Store } from "../store/types.ts";

/** Without a watch (PostgreSQL): how long an ACTIVE row is trusted. */
export const ACCOUNT_TTL_MS = 1000;
/** With a watch (SQLite): a backstop only; changes are seen when they are made. */
export const WATCHED_ACCOUNT_TTL_MS = 60_000;

/**
 * The gateway reads the account named by every action call (ownership and status): 10% of
 * the server's CPU on SQLite when read each time, and a round trip per call on PostgreSQL.
 * So ACTIVE accounts are remembered (only ACTIVE ones: an account that just became ACTIVE
 * is usable at once; any other status is read afresh on every call).
 *
 * How long depends on what the store can tell (`Store.watchAccounts`):
 *
 * - SQLite: until the row changes. A write through this process's connection (the API's
 *   disconnect, the engine's status changes, the session manager) drops the entry in the
 *   statement that made it; a commit by another process drops every entry at the next
 *   event-loop turn. A 1 s TTL over 4,000 accounts at 10k calls a second missed ~40% of
 *   the time (each miss an account read of ~12 µs); this misses once per account.
 * - PostgreSQL: other nodes change accounts without telling this one, so an entry lives
 *   `ttlMs` (1 s): a status change made elsewhere shows within that. A request accepted in
 *   that second is no different from one queued a second earlier: the engine deals with
 *   queued work of an account that left ACTIVE. Changes made by this process through
 *   `forget` (the API's account calls) are seen at once.
 */
export class AccountCache {
  private readonly entries = new Map<string, { account: Account; until: number }>();
  private readonly watch: AccountWatch | null;
  private readonly ttlMs: number;
  /** Moves on every change the watch reports: a row read across one is not kept. */
  private epoch = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    ttlMs?: number,
    private readonly maxEntries = 100_000,
  ) {
    this.watch =
      store.watchAccounts?.({
        changed: (id) => {
          this.epoch++;
          this.entries.delete(id);
        },
        all: () => {
          this.epoch++;
          this.entries.clear();
        },
      }) ?? null;
    this.ttlMs = ttlMs ?? (this.watch ? WATCHED_ACCOUNT_TTL_MS : ACCOUNT_TTL_MS);
  }

  /** The cached ACTIVE account, without waiting; undefined when it must be read. */
  peek(id: string): Account | undefined {
    this.watch?.check();
    const hit = this.entries.get(id);
    if (hit === undefined) return undefined;
    if (hit.until > this.clock.now()) return hit.account;
    this.entries.delete(id);
    return undefined;
  }

  /** The account: from memory when it is ACTIVE and known not to have changed. */
  async getActive(id: string): Promise<Account | null> {
    const cached = this.peek(id);
    if (cached !== undefined) return cached;
    const epoch = this.epoch;
    const account = await this.store.getAccount(id);
    if (account?.status === "ACTIVE" && epoch === this.epoch) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(id, { account, until: this.clock.now() + this.ttlMs });
    } else {
      this.entries.delete(id);
    }
    return account;
  }

  forget(id: string): void {
    this.entries.delete(id);
  }

  /** Stops listening to the store. */
  close(): void {
    this.watch?.close();
    this.entries.clear();
  }
}
