/**
 * The request pipeline: route → faults → CSRF → session → restriction → burst → handler
 * → envelope. One function per step, in LinkedIn's order (a bad CSRF token is refused
 * before the session is even looked at). node:http without a framework: the sandbox
 * must stay fast enough that tests never wait on it (bench/sandbox.ts).
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { SandboxRefusal } from "../world/refusal.ts";
import type { Answer, HeaderMap } from "./answer.ts";
import { type Ctx, readBody } from "./context.ts";
import { DELETE_LI_AT, parseCookies, unquote } from "./cookies.ts";
import { type AcceptMode, acceptMode, errorBody, graphqlBody, restliBody } from "./envelope.ts";
import { Query } from "./query.ts";
import { RestliSyntaxError } from "./restli.ts";
import type { Match, Router } from "./router.ts";
import type { SandboxState } from "./state.ts";
import { GRAPHQL_ERROR_CODES, wireCode, wireStatus } from "./wire.ts";

export interface HandlerOptions {
  state: SandboxState;
  router: Router;
  /** Called with unexpected errors (a bug, not a LinkedIn refusal). */
  onError?: (err: unknown) => void;
}

/** How long an `li_at` stays valid (world time). */
export const SESSION_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/** Marker: the pipeline already dealt with the socket (timeout, proxy failure). */
const HANDLED = Symbol("handled");

export function createRequestHandler(options: HandlerOptions) {
  const { state, router } = options;
  return (req: IncomingMessage, res: ServerResponse): void => {
    let mode: AcceptMode = "json";
    let isGraphql = false;
    const fail = (err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const answer = errorAnswer(err, isGraphql, options.onError);
      write(res, answer, mode);
    };
    try {
      state.tick();
      // LinkedIn's Date header is its own clock: clients measure their skew from it.
      res.setHeader("date", new Date(state.world.now()).toUTCString());
      const rawUrl = stripProxyForm(req.url ?? "/");
      const qi = rawUrl.indexOf("?");
      const path = qi === -1 ? rawUrl : rawUrl.slice(0, qi);
      const query = new Query(qi === -1 ? "" : rawUrl.slice(qi + 1));
      mode = acceptMode(req.headers.accept);
      const method = req.method ?? "GET";
      const match = router.match(method, path, query.get("q"), query.get("action"));
      if (match === null) {
        write(res, notFound(router.hasPath(path) ? 405 : 404), mode);
        return;
      }
      if (match === "variant-miss") {
        write(res, refusalAnswer(new SandboxRefusal("BAD_REQUEST", "unknown finder or action", 400)), mode);
        return;
      }
      isGraphql = path.endsWith("/graphql");
      const ctx = makeCtx(req, method, path, query, mode, state, match);
      const result = run(ctx, match, res);
      if (result === HANDLED) return;
      if (result instanceof Promise) {
        result.then((answer) => answer !== HANDLED && write(res, answer, mode), fail);
      } else write(res, result, mode);
    } catch (err) {
      fail(err);
    }
  };
}

function makeCtx(
  req: IncomingMessage,
  method: string,
  path: string,
  query: Query,
  mode: AcceptMode,
  state: SandboxState,
  match: Match,
): Ctx {
  let body: Promise<Buffer> | undefined;
  const host = req.headers.host ?? "127.0.0.1";
  return {
    req,
    method,
    path,
    query,
    mode,
    cookies: parseCookies(req.headers.cookie),
    state,
    world: state.world,
    base: `http://${host}`,
    params: match.params,
    session: undefined,
    member: undefined,
    body: () => {
      body ??= readBody(req);
      return body;
    },
  };
}

type RunResult = Answer | Promise<Answer | typeof HANDLED> | typeof HANDLED;

function run(ctx: Ctx, match: Match, res: ServerResponse): RunResult {
  if (match.route.auth === "public") return match.route.handler(ctx);
  const gate = guard(ctx, res);
  if (gate !== undefined) return gate;
  return match.route.handler(ctx);
}

/**
 * Everything an API call passes before its handler. Returns an answer (or HANDLED) to stop
 * the request, undefined to go on.
 */
function guard(ctx: Ctx, res: ServerResponse): Answer | typeof HANDLED | undefined {
  const { state, world } = ctx;
  const liAt = ctx.cookies.li_at;
  const session = liAt ? world.sessions.get(liAt) : undefined;
  const memberId = session ? session.memberId : null;

  const fault = world.faults.take(memberId, ctx.path);
  if (fault) {
    const answer = applyFault(ctx, fault.kind, fault.status, res, liAt);
    if (answer !== undefined) return answer;
  }
  if (state.takeHttpFault("html_interstitial", memberId, ctx.path)) return loginInterstitial();

  const jsession = unquote(ctx.cookies.JSESSIONID);
  const csrf = ctx.req.headers["csrf-token"];
  if (!jsession || csrf !== jsession) {
    return { kind: "text", status: 403, contentType: "text/plain; charset=utf-8", body: "CSRF check failed." };
  }
  if (ctx.req.headers["x-restli-protocol-version"] !== "2.0.0") {
    return refusalAnswer(
      new SandboxRefusal("INVALID_RESTLI_PROTOCOL_VERSION", "x-restli-protocol-version must be 2.0.0", 400),
    );
  }
  if (!liAt) return { kind: "plain", status: 401, body: { status: 401, message: "Unauthorized" } };
  // li_at lives about a year on LinkedIn; an older one is as good as unknown.
  if (!session || world.now() - session.createdAt > SESSION_LIFETIME_MS) {
    return { kind: "plain", status: 401, body: { status: 401, message: "Unauthorized" }, headers: deleteMe() };
  }
  const challenge = state.checkpointed.get(liAt);
  if (challenge !== undefined) return { kind: "redirect", location: `/checkpoint/challenge/${challenge}?ut=sandbox` };
  if (session.revoked) return sessionRevoked(ctx.path);
  const member = world.members.get(session.memberId);
  if (!member) return sessionRevoked(ctx.path);
  if (member.restricted)
    return refusalAnswer(new SandboxRefusal("ACCOUNT_RESTRICTED", "This account is restricted.", 403));
  if (world.noteRequest(member.memberId)) return tooManyRequests(ctx);
  ctx.session = session;
  ctx.member = member;
  return undefined;
}

function applyFault(
  ctx: Ctx,
  kind: string,
  status: number | null,
  res: ServerResponse,
  liAt: string | undefined,
): Answer | typeof HANDLED | undefined {
  const { world, state } = ctx;
  const session = liAt ? world.sessions.get(liAt) : undefined;
  switch (kind) {
    case "429":
      // An injected 429 counts toward the repeated-pushback restriction, as a real one does.
      if (session) world.pushback.record(session.memberId);
      return tooManyRequests(ctx);
    case "5xx": {
      const s = status ?? 503;
      return { kind: "plain", status: s, body: { status: s, message: "Service unavailable" } };
    }
    case "999":
      return {
        kind: "text",
        status: 999,
        contentType: "text/html; charset=utf-8",
        body: "<html><head><title>Request denied</title></head><body>Request denied</body></html>",
      };
    case "timeout":
      setTimeout(() => res.destroy(), state.timeoutMs).unref();
      return HANDLED;
    case "proxy":
      res.socket?.destroy();
      return HANDLED;
    case "410":
      return { kind: "plain", status: 410, body: { status: 410, message: "Gone" } };
    case "checkpoint": {
      if (!session || !liAt) return undefined;
      world.sessions.revoke(liAt);
      const challengeId = world.sessions.createPinChallenge(session.memberId);
      state.pinOnce.add(session.memberId);
      state.checkpointed.set(liAt, challengeId);
      return { kind: "redirect", location: `/checkpoint/challenge/${challengeId}?ut=sandbox` };
    }
    case "revoked":
      if (liAt && session) world.sessions.revoke(liAt);
      return sessionRevoked(ctx.path);
    case "restriction": {
      const member = session ? world.members.get(session.memberId) : undefined;
      if (member) member.restricted = true;
      return refusalAnswer(new SandboxRefusal("ACCOUNT_RESTRICTED", "This account is restricted.", 403));
    }
    default:
      return undefined;
  }
}

function tooManyRequests(ctx: Ctx): Answer {
  const liAt = ctx.cookies.li_at;
  const session = liAt ? ctx.world.sessions.get(liAt) : undefined;
  const until = session ? ctx.world.pushback.blockedUntil(session.memberId) : undefined;
  const retryAfter = until !== undefined ? Math.max(1, Math.ceil((until - ctx.world.now()) / 1000)) : 300;
  return {
    kind: "plain",
    status: 429,
    body: { status: 429, message: "Too many requests" },
    headers: { "retry-after": String(retryAfter) },
  };
}

function deleteMe(): HeaderMap {
  return { "set-cookie": DELETE_LI_AT };
}

function sessionRevoked(path: string): Answer {
  return {
    kind: "redirect",
    location: `/uas/login?session_redirect=${encodeURIComponent(path)}`,
    headers: deleteMe(),
  };
}

function loginInterstitial(): Answer {
  return {
    kind: "text",
    status: 200,
    contentType: "text/html; charset=utf-8",
    body: '<!DOCTYPE html><html><head><title>LinkedIn Login</title></head><body><form action="/uas/login-submit" method="post"><a href="/uas/login">Sign in</a></form></body></html>',
  };
}

function notFound(status: number): Answer {
  return { kind: "plain", status, body: { status, message: status === 405 ? "Method not allowed" : "Not found" } };
}

/** A refusal as a Rest.li error answer (the envelope follows the accept mode). */
export function refusalAnswer(err: SandboxRefusal): Answer {
  const code = wireCode(err.code);
  const status = wireStatus(err.code, err.httpStatus);
  return { kind: "restli", status, body: { $error: true, status, code, message: err.message } };
}

function errorAnswer(err: unknown, isGraphql: boolean, onError?: (err: unknown) => void): Answer {
  if (err instanceof SandboxRefusal) {
    const code = wireCode(err.code);
    if (isGraphql && GRAPHQL_ERROR_CODES.has(code)) {
      const classification = code === "DATAFETCHINGEXCEPTION" ? "DataFetchingException" : "ValidationError";
      return { kind: "graphql", data: null, errors: [{ message: err.message, extensions: { code, classification } }] };
    }
    return refusalAnswer(err);
  }
  if (err instanceof RestliSyntaxError) return refusalAnswer(new SandboxRefusal("BAD_REQUEST", err.message, 400));
  onError?.(err);
  return { kind: "plain", status: 500, body: { status: 500, message: "Internal error" } };
}

const JSON_TYPE = "application/json; charset=utf-8";
const NORMALIZED_TYPE = "application/vnd.linkedin.normalized+json+2.1; charset=utf-8";

/** Write an answer with the envelope of the accept mode. */
export function write(res: ServerResponse, answer: Answer, mode: AcceptMode): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | string[]> = { "x-restli-protocol-version": "2.0.0" };
  if (answer.kind !== "empty" && answer.kind !== "graphql" && answer.headers) Object.assign(headers, answer.headers);
  let status = 200;
  let body = "";
  switch (answer.kind) {
    case "restli": {
      status = answer.status ?? 200;
      const root = answer.body as Record<string, unknown> | null;
      if (root && typeof root === "object" && "$error" in root) {
        body = JSON.stringify(errorBody(status, root.code as string | undefined, String(root.message), mode));
      } else body = JSON.stringify(restliBody(answer.body, mode));
      headers["content-type"] = mode === "normalized" ? NORMALIZED_TYPE : JSON_TYPE;
      break;
    }
    case "graphql":
      body = JSON.stringify(graphqlBody(answer.data, answer.errors, mode));
      headers["content-type"] = mode === "normalized" ? NORMALIZED_TYPE : JSON_TYPE;
      break;
    case "plain":
      status = answer.status ?? 200;
      body = JSON.stringify(answer.body);
      headers["content-type"] = JSON_TYPE;
      break;
    case "empty":
      status = answer.status;
      if (answer.headers) Object.assign(headers, answer.headers);
      break;
    case "text":
      status = answer.status;
      body = answer.body;
      headers["content-type"] = answer.contentType;
      break;
    case "redirect":
      status = 302;
      headers.location = answer.location;
      break;
  }
  headers["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

/** A request in proxy form (`GET http://host/path`) is served as the path it names. */
function stripProxyForm(url: string): string {
  if (url.startsWith("/")) return url;
  const m = /^https?:\/\/[^/]+(\/.*)?$/i.exec(url);
  return m ? (m[1] ?? "/") : url;
}
