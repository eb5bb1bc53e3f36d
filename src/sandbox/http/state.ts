/**
 * What the http layer keeps beside the world: the world itself (replaced on reset), the
 * protocol settings, login-page tokens, checkpointed sessions, Recruiter cookies, the
 * faults only the http layer knows (HTML interstitial, `/me` without its id), and the
 * live clock that moves the world's time with real time between control-API changes.
 */

import type { World } from "../world/world.ts";

export interface HttpSettings {
  /** Reject GraphQL query hashes that are not in the protocol profile. */
  strictQueryIds: boolean;
}

/** Faults the world does not model: answered by the http layer alone. */
export type HttpFaultKind = "html_interstitial" | "me_without_id";

export interface HttpFault {
  id: number;
  kind: HttpFaultKind;
  memberId: number | null;
  pathPrefix: string | null;
  remaining: number | null;
}

export interface SandboxStateOptions {
  world: World;
  /** Builds a fresh world for `POST /_sandbox/reset`. */
  makeWorld: (seed: number) => World;
  /** Advance the world's clock with real time (default true); false = time moves only when told. */
  liveClock?: boolean;
}

export class SandboxState {
  world: World;
  readonly makeWorld: (seed: number) => World;
  readonly settings: HttpSettings = { strictQueryIds: false };
  readonly liveClock: boolean;
  /** li_at → challenge id, for sessions a checkpoint fault has stopped. */
  readonly checkpointed = new Map<string, string>();
  /** `loginCsrfParam` values handed out by `GET /uas/login`. */
  readonly loginTokens = new Set<string>();
  /** `li_rt` cookie → the li_at of the session that entered Recruiter. */
  readonly recruiterTokens = new Map<string, string>();
  /** Media upload tokens: asset id → { token, owner, declared size }. */
  readonly uploads = new Map<
    string,
    { token: string; ownerId: number; fileSize: number; kind: string; uploaded: boolean }
  >();
  /** Members whose next login must pass the PIN checkpoint (after a checkpoint fault). */
  readonly pinOnce = new Set<number>();
  /** How long an injected `timeout` holds the socket before destroying it. */
  timeoutMs = 30_000;
  httpFaults: HttpFault[] = [];
  private nextFaultId = 1_000_000;
  private lastReal = performance.now();

  constructor(options: SandboxStateOptions) {
    this.world = options.world;
    this.makeWorld = options.makeWorld;
    this.liveClock = options.liveClock ?? true;
  }

  /** Called once per request: the world's time follows real time in live mode. */
  tick(): void {
    const real = performance.now();
    if (this.liveClock) {
      const elapsed = Math.floor(real - this.lastReal);
      if (elapsed > 0) {
        this.world.advance(elapsed);
        this.lastReal += elapsed;
      }
    } else this.lastReal = real;
  }

  reset(seed: number): World {
    this.world = this.makeWorld(seed);
    this.checkpointed.clear();
    this.loginTokens.clear();
    this.recruiterTokens.clear();
    this.uploads.clear();
    this.pinOnce.clear();
    this.httpFaults = [];
    this.lastReal = performance.now();
    return this.world;
  }

  addHttpFault(spec: Omit<HttpFault, "id">): HttpFault {
    const fault = { ...spec, id: this.nextFaultId++ };
    this.httpFaults.push(fault);
    return fault;
  }

  /** The http-only fault of this kind that applies, using up one of its uses. */
  takeHttpFault(kind: HttpFaultKind, memberId: number | null, path: string): HttpFault | undefined {
    const fault = this.httpFaults.find(
      (f) =>
        f.kind === kind &&
        (f.memberId === null || f.memberId === memberId) &&
        (f.pathPrefix === null || path.startsWith(f.pathPrefix)),
    );
    if (!fault) return undefined;
    if (fault.remaining !== null && --fault.remaining <= 0)
      this.httpFaults = this.httpFaults.filter((f) => f !== fault);
    return fault;
  }
}
