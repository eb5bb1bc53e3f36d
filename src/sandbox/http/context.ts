/**
 * One request as handlers see it: the parsed query (raw until asked), the accept mode,
 * cookies, the authenticated session and member (API routes), and lazy body readers.
 */

import type { IncomingMessage } from "node:http";
import type { Session } from "../world/sessions.ts";
import type { Member } from "../world/types.ts";
import type { World } from "../world/world.ts";
import type { AcceptMode } from "./envelope.ts";
import { badRequest, type Query } from "./query.ts";
import type { SandboxState } from "./state.ts";

export interface Ctx {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly path: string;
  readonly query: Query;
  readonly mode: AcceptMode;
  readonly cookies: Record<string, string>;
  readonly state: SandboxState;
  readonly world: World;
  /** Base URL standing for https://www.linkedin.com (absolute links in answers). */
  readonly base: string;
  /** Decoded `:param` segments of the route, in order. */
  params: string[];
  session: Session | undefined;
  member: Member | undefined;
  body(): Promise<Buffer>;
}

/** The authenticated member (API routes always have one). */
export function viewer(ctx: Ctx): Member {
  if (!ctx.member) throw new Error("viewer() on a route without a session");
  return ctx.member;
}

export function param(ctx: Ctx, i: number): string {
  const v = ctx.params[i];
  if (v === undefined) throw badRequest("missing path key");
  return v;
}

const MAX_BODY = 210 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(badRequest("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

type Json = Record<string, unknown>;

/** The JSON body (also when sent as text/plain, as the browser does for createMessage). */
export async function jsonBody(ctx: Ctx): Promise<Json> {
  const raw = await ctx.body();
  if (raw.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(raw.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    return parsed as Json;
  } catch {
    throw badRequest("the body is not a JSON object");
  }
}

export async function formBody(ctx: Ctx): Promise<URLSearchParams> {
  return new URLSearchParams((await ctx.body()).toString("utf8"));
}
