/**
 * The per-key ceiling (default 6,000 requests a minute): a true sliding log kept in memory,
 * one ring of the last `limit` hit times per key, so a check is O(1) whatever the limit.
 * It protects this process, so it does not need to be shared across nodes (the account
 * windows, which LinkedIn safety depends on, live in the store).
 */
export class KeyCeiling {
  private readonly rings = new Map<string, { times: Float64Array; next: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Records a hit when allowed; otherwise says how long until the oldest hit leaves the window. */
  hit(key: string, now: number): { allowed: boolean; retryAfterMs: number } {
    let ring = this.rings.get(key);
    if (!ring) {
      ring = { times: new Float64Array(this.limit), next: 0, count: 0 };
      this.rings.set(key, ring);
    }
    if (ring.count === this.limit) {
      // The slot about to be overwritten holds the oldest of the last `limit` hits.
      const oldest = ring.times[ring.next]!;
      if (oldest > now - this.windowMs) return { allowed: false, retryAfterMs: oldest + this.windowMs - now };
    } else {
      ring.count++;
    }
    ring.times[ring.next] = now;
    ring.next = (ring.next + 1) % this.limit;
    return { allowed: true, retryAfterMs: 0 };
  }
}
