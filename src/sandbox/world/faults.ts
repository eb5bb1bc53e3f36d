/**
 * Fault injection: what no rule of the world produces (5xx, timeouts, 999, drift) or what a
 * test wants right now (a 429, a checkpoint, a revoked session, a restriction, a proxy
 * failure). The world stores faults; the http layer asks `take()` on each request and
 * answers accordingly. Faults are per member or global, optionally limited to a path
 * prefix, a number of uses, or a time.
 */

import type { WorldClock } from "./clock.ts";

export const FAULT_KINDS = [
  "429",
  "5xx",
  "timeout",
  "999",
  "checkpoint",
  "revoked",
  "410",
  "restriction",
  "proxy",
  /** The profile-views total is unavailable (TOTAL_COUNT_FAILED); applied by the world. */
  "total_count",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** The kinds the http layer applies to requests (the others are applied inside the world). */
export const HTTP_FAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((k) => k !== "total_count");

export interface FaultSpec {
  kind: FaultKind;
  /** The member it applies to; omitted or null = every request. */
  memberId?: number | null;
  /** Only requests whose path starts with this (e.g. "/voyager/api/identity/profiles" for a 410). */
  pathPrefix?: string | null;
  /** The status for "5xx" (default 503). */
  status?: number | null;
  /** How many requests it applies to; omitted or null = until cleared or expired. */
  count?: number | null;
  /** Stops applying at this world time (epoch ms). */
  untilMs?: number | null;
}

export interface Fault {
  id: number;
  kind: FaultKind;
  memberId: number | null;
  pathPrefix: string | null;
  status: number | null;
  remaining: number | null;
  untilMs: number | null;
  createdAt: number;
}

export class Faults {
  private nextId = 1;
  private faults: Fault[] = [];

  constructor(private readonly clock: WorldClock) {}

  inject(spec: FaultSpec): Fault {
    const fault: Fault = {
      id: this.nextId++,
      kind: spec.kind,
      memberId: spec.memberId ?? null,
      pathPrefix: spec.pathPrefix ?? null,
      status: spec.kind === "5xx" ? (spec.status ?? 503) : (spec.status ?? null),
      remaining: spec.count ?? null,
      untilMs: spec.untilMs ?? null,
      createdAt: this.clock.now(),
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    this.expire();
    return this.faults.map((f) => ({ ...f }));
  }

  /** Remove one fault by id, every fault of a member (memberId), or all (no argument). */
  clear(filter?: { id?: number; memberId?: number | null }): number {
    const before = this.faults.length;
    if (!filter) this.faults = [];
    else if (filter.id !== undefined) this.faults = this.faults.filter((f) => f.id !== filter.id);
    else this.faults = this.faults.filter((f) => f.memberId !== (filter.memberId ?? null));
    return before - this.faults.length;
  }

  /**
   * The fault that applies to this request, if any, using up one of its uses. Member faults
   * win over global ones; the oldest first. `kinds` limits which kinds are considered
   * (default: every kind the http layer applies, i.e. all but "total_count").
   */
  take(memberId: number | null, path: string, kinds: readonly FaultKind[] = HTTP_FAULT_KINDS): Fault | undefined {
    this.expire();
    const applies = (f: Fault) => kinds.includes(f.kind) && (f.pathPrefix === null || path.startsWith(f.pathPrefix));
    const fault =
      this.faults.find((f) => f.memberId !== null && f.memberId === memberId && applies(f)) ??
      this.faults.find((f) => f.memberId === null && applies(f));
    if (!fault) return undefined;
    if (fault.remaining !== null) {
      fault.remaining--;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }

  private expire(): void {
    const now = this.clock.now();
    this.faults = this.faults.filter((f) => f.untilMs === null || f.untilMs > now);
  }
}
