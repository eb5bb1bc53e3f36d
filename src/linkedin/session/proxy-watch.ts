/**
 * Proxy health per account. A few consecutive PROXY_ERRORs put the account in
 * PROXY_FAILED (the engine then holds its lane instead of burning attempts); from then on
 * a probe (a `/me` call) runs on a back-off schedule until the proxy answers again, which
 * brings the account back to ACTIVE by itself. Timers are unref'd: they never keep the
 * process alive.
 */

export const DEFAULT_PROXY_FAILURES_BEFORE_DOWN = 3;
export const DEFAULT_PROXY_PROBE_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];

export interface ProxyWatchOptions {
  threshold: number;
  /** Delays between probes; the last one repeats. */
  delaysMs: number[];
  /** One probe; resolves when the proxy carried a call, rejects otherwise. */
  probe: (accountId: string) => Promise<void>;
  /** Whether a probe failure means "keep trying" (a proxy error) or "stop" (the account went away). */
  retryable: (error: unknown) => boolean;
}

export class ProxyWatch {
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: ProxyWatchOptions) {}

  /** A call failed on the proxy; true when this failure takes the account down. */
  failed(accountId: string): boolean {
    const n = (this.failures.get(accountId) ?? 0) + 1;
    this.failures.set(accountId, n);
    return n === this.options.threshold;
  }

  /** A call went through the proxy: forget the failures and stop probing. */
  succeeded(accountId: string): void {
    this.failures.delete(accountId);
    this.stop(accountId);
  }

  /** Starts probing the account's proxy. */
  start(accountId: string): void {
    if (!this.timers.has(accountId)) this.schedule(accountId, 0);
  }

  stop(accountId: string): void {
    clearTimeout(this.timers.get(accountId));
    this.timers.delete(accountId);
  }

  watching(accountId: string): boolean {
    return this.timers.has(accountId);
  }

  close(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.failures.clear();
  }

  private schedule(accountId: string, attempt: number): void {
    const delays = this.options.delaysMs;
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 60_000;
    const timer = setTimeout(async () => {
      if (this.timers.get(accountId) !== timer) return;
      try {
        await this.options.probe(accountId);
        this.succeeded(accountId);
      } catch (error) {
        if (this.timers.get(accountId) !== timer) return;
        if (this.options.retryable(error)) this.schedule(accountId, attempt + 1);
        else this.stop(accountId);
      }
    }, delay);
    timer.unref();
    this.timers.set(accountId, timer);
  }
}
