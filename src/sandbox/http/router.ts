/**
 * Routes keyed by method + path, then by `q` (finders) or `action` (actions); GraphQL
 * by the query name before the hash of `queryId`. Static paths are one map lookup; paths
 * with keys (`/identity/profiles/:id/skills`) are a short list tried after it.
 */

import type { Answer } from "./answer.ts";
import type { Ctx } from "./context.ts";

export type Handler = (ctx: Ctx) => Answer | Promise<Answer>;

/**
 * `api`: CSRF + session + restriction + burst (everything under /voyager/api, /sales-api,
 * /talent/api). `public`: no session (login pages, uploads, the control API).
 */
export type Auth = "api" | "public";

export interface Route {
  method: string;
  path: string;
  q?: string;
  action?: string;
  auth?: Auth;
  handler: Handler;
}

interface Compiled extends Route {
  auth: Auth;
  segments: string[];
}

export interface Match {
  route: Compiled;
  params: string[];
}

export class Router {
  private readonly fixed = new Map<string, Compiled[]>();
  private readonly keyed: Compiled[] = [];

  add(...routes: Route[]): this {
    for (const r of routes) {
      const compiled: Compiled = { ...r, auth: r.auth ?? "api", segments: r.path.split("/") };
      if (r.path.includes("/:")) this.keyed.push(compiled);
      else {
        const key = `${r.method} ${r.path}`;
        const list = this.fixed.get(key) ?? [];
        list.push(compiled);
        this.fixed.set(key, list);
      }
    }
    return this;
  }

  /**
   * The route for this request, or null. A path that exists with another `q`/`action` is
   * `variant-miss` (LinkedIn answers 400 for an unknown finder or action).
   */
  match(
    method: string,
    path: string,
    q: string | undefined,
    action: string | undefined,
  ): Match | "variant-miss" | null {
    const list = this.fixed.get(`${method} ${path}`);
    if (list) return pick(list, q, action, []);
    const segs = path.split("/");
    const candidates: Compiled[] = [];
    let params: string[] = [];
    for (const r of this.keyed) {
      if (r.method !== method || r.segments.length !== segs.length) continue;
      const p = matchSegments(r.segments, segs);
      if (p) {
        if (candidates.length === 0) params = p;
        candidates.push(r);
      }
    }
    return candidates.length > 0 ? pick(candidates, q, action, params) : null;
  }

  /** True when some route serves this path with another method (405 vs 404). */
  hasPath(path: string): boolean {
    for (const key of this.fixed.keys()) if (key.slice(key.indexOf(" ") + 1) === path) return true;
    const segs = path.split("/");
    return this.keyed.some((r) => r.segments.length === segs.length && matchSegments(r.segments, segs) !== null);
  }
}

function pick(list: Compiled[], q: string | undefined, action: string | undefined, params: string[]) {
  let fallback: Compiled | undefined;
  for (const r of list) {
    if (r.q !== undefined || r.action !== undefined) {
      if ((r.q === undefined || r.q === q) && (r.action === undefined || r.action === action))
        return { route: r, params };
    } else fallback ??= r;
  }
  if (fallback && q === undefined && action === undefined) return { route: fallback, params };
  if (fallback && !list.some((r) => r.q !== undefined || r.action !== undefined)) return { route: fallback, params };
  return "variant-miss" as const;
}

function matchSegments(pattern: string[], segs: string[]): string[] | null {
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segs[i] as string;
    if (p.startsWith(":")) {
      if (s === "") return null;
      try {
        params.push(decodeURIComponent(s));
      } catch {
        return null;
      }
    } else if (p !== s) return null;
  }
  return params;
}

/** One endpoint family: its Rest.li routes and the GraphQL queries/mutations it serves. */
export interface Family {
  routes?: Route[];
  queries?: Record<string, Handler>;
  mutations?: Record<
    string,
    (ctx: import("./context.ts").Ctx, body: Record<string, unknown>) => Answer | Promise<Answer>
  >;
}
