/**
 * One account's door to LinkedIn's API: it sends through the account's transport,
 * classifies the cross-cutting signals (signals.ts), brings a dead session back through
 * the session manager's `revive` hook (then re-sends once: a refused request did not
 * happen), and runs operations over the protocol profile's ordered paths.
 */
import { WelinkError } from "../errors/index.ts";
import { ShapeError } from "./envelope.ts";
import type { PathStep, ProtocolProfile } from "./profile/loader.ts";
import { encodeValue } from "./restli.ts";
import { classify } from "./signals.ts";
import { ACCEPT } from "./transport/headers.ts";
import type { Transport, WireRequest, WireResponse } from "./transport/http.ts";

export interface VoyagerHooks {
  /**
   * The session died (`reason`). Resolve once a new session is in the jar (the call is
   * then re-sent once); reject with the catalogued error (SESSION_EXPIRED, …) otherwise.
   */
  revive?(reason: string, checkpoint: boolean): Promise<void>;
  /** Every call's outcome, so the account's status can follow (PROXY_FAILED, RESTRICTED, back to ACTIVE). */
  observe?(outcome: { ok: true } | { ok: false; error: WelinkError }): void;
}

/** Thrown inside an operation when its current path is retired; the runner moves on. */
export class Gone extends Error {
  constructor(
    readonly what: string,
    readonly status: number,
  ) {
    super(`${what} answered ${status}`);
    this.name = "Gone";
  }
}

export type Implementations<T> = Partial<Record<string, (step: PathStep) => Promise<T>>>;

export interface CallOptions extends Omit<WireRequest, "path" | "accept"> {
  /** Placeholders of the step's path: values are percent-encoded here. */
  params?: Record<string, string>;
  /** Query string (already Rest.li-encoded), without `?`. */
  query?: string;
}

export class Voyager {
  /** Which generation last worked per operation (diagnostics: `welink` reports drift with it). */
  readonly lastWorked = new Map<string, string>();

  constructor(
    readonly transport: Transport,
    readonly profile: ProtocolProfile,
    private readonly hooks: VoyagerHooks = {},
  ) {}

  queryId(step: PathStep): string {
    if (!step.queryId) throw new Error(`step ${step.path} has no queryId`);
    return this.profile.queryIds[step.queryId] as string;
  }

  decoration(step: PathStep): string {
    if (!step.decoration) throw new Error(`step ${step.path} has no decoration`);
    return this.profile.decorations[step.decoration] as string;
  }

  /** Sends one call of operation `op` on `step`; answers with anything the family must judge. */
  async call(op: string, step: PathStep, options: CallOptions = {}): Promise<WireResponse> {
    const path = fillPath(step.path, options.params ?? {});
    const req: WireRequest = { ...options, path, accept: ACCEPT[step.accept] };
    return this.send(op, req, step);
  }

  /** Sends a request with signal handling (also used for calls outside the profile, e.g. uploads). */
  async send(op: string, req: WireRequest, step?: PathStep): Promise<WireResponse> {
    for (let attempt = 0; ; attempt++) {
      let res: WireResponse;
      try {
        res = await this.transport.send(req);
      } catch (error) {
        if (error instanceof WelinkError) this.hooks.observe?.({ ok: false, error });
        throw error;
      }
      if (step?.retiredOn404 && res.status === 404) throw new Gone(res.what, 404);
      const signal = classify(res, op);
      if (signal.kind === "ok") {
        this.hooks.observe?.({ ok: true });
        return res;
      }
      if (signal.kind === "gone") throw new Gone(res.what, res.status);
      if (signal.kind === "error") {
        this.hooks.observe?.({ ok: false, error: signal.error });
        throw signal.error;
      }
      if (attempt > 0 || !this.hooks.revive) {
        throw new WelinkError("SESSION_EXPIRED", `${op}: ${signal.reason}`);
      }
      await this.hooks.revive(signal.reason, signal.checkpoint);
    }
  }

  /**
   * Runs operation `op`: tries the profile's paths in order with the family's
   * implementation of each generation. A retired path (410, or 404 where the profile says
   * so) moves to the next; none left, or an answer of unknown shape, is
   * LINKEDIN_SCHEMA_CHANGED naming the operation.
   */
  async run<T>(op: string, impls: Implementations<T>): Promise<T> {
    const steps = this.profile.operations[op];
    if (!steps) throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", `${op}: the protocol profile has no entry`);
    const retired: string[] = [];
    for (const step of steps) {
      const impl = impls[step.generation];
      if (!impl) continue;
      try {
        const out = await impl(step);
        this.lastWorked.set(op, step.generation);
        return out;
      } catch (error) {
        if (error instanceof Gone) {
          retired.push(`${error.what} → ${error.status}`);
          continue;
        }
        if (error instanceof ShapeError) {
          throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", `${op}: ${error.message}`, { cause: error });
        }
        throw error;
      }
    }
    const detail = retired.length ? `every path is retired (${retired.join("; ")})` : "no implemented path";
    throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", `${op}: ${detail}`);
  }
}

/** `/a/{urn}/b` + `{urn: "urn:li:x:1"}` → `/a/urn%3Ali%3Ax%3A1/b`. `{key}` values are inserted as given (Rest.li keys). */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`path ${path}: missing {${name}}`);
    return name === "key" ? v : encodeValue(v);
  });
}
