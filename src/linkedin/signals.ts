/**
 * The signals every LinkedIn answer can carry, whatever the operation (voyager.md §4,
 * sandbox-protocol.md §1.4), classified in one place: a dead session (401, a redirect to
 * the login or checkpoint pages, `li_at=delete me`, HTML where JSON was expected, a
 * failed CSRF check), a retired endpoint (410), LinkedIn's pushback (429 without a code,
 * 999), a restricted member, a transient 5xx. Anything else is the operation's business:
 * the family maps its refusal codes itself.
 */
import { WelinkError } from "../errors/index.ts";
import { bodyCode } from "./envelope.ts";
import type { WireResponse } from "./transport/http.ts";

export type Signal =
  | { kind: "ok" }
  /** The session is dead; a new login may bring it back. */
  | { kind: "dead"; reason: string; checkpoint: boolean }
  /** The endpoint is retired: try the operation's next path. */
  | { kind: "gone" }
  | { kind: "error"; error: WelinkError };

const LOGIN_PAGES = /^(?:https?:\/\/[^/]+)?\/(?:uas\/login|login|authwall|checkpoint\/)/;
const CHECKPOINT = /^(?:https?:\/\/[^/]+)?\/checkpoint\/(?!restricted)/;

export function looksLikeHtml(res: WireResponse): boolean {
  if (/text\/html/i.test(res.contentType)) return true;
  const head = res.body.trimStart().slice(0, 15).toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

export function retryAfterSeconds(res: WireResponse): number | undefined {
  const h = res.headers["retry-after"];
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Classifies one answer of an API call (JSON expected). `op` names the operation in
 * error details.
 */
export function classify(res: WireResponse, op: string): Signal {
  if (res.cookies.deleted.includes("li_at")) {
    return { kind: "dead", reason: "LinkedIn deleted the li_at cookie", checkpoint: false };
  }
  const status = res.status;
  if (status >= 300 && status < 400) {
    const to = res.location ?? "";
    if (LOGIN_PAGES.test(to)) {
      if (/\/checkpoint\/restricted/.test(to)) {
        return {
          kind: "error",
          error: new WelinkError("ACCOUNT_RESTRICTED", `${op}: LinkedIn restricted the account`),
        };
      }
      return { kind: "dead", reason: `redirected to ${to.split("?")[0]}`, checkpoint: CHECKPOINT.test(to) };
    }
    return {
      kind: "error",
      error: new WelinkError("LINKEDIN_SCHEMA_CHANGED", `${op}: unexpected redirect ${status} to ${to.split("?")[0]}`),
    };
  }
  const code = bodyCode(res);
  if (status === 401) {
    if (code === "RECRUITER_AUTH_REQUIRED") {
      return {
        kind: "error",
        error: new WelinkError("RECRUITER_AUTH_REQUIRED", `${op}: the Recruiter session was lost`),
      };
    }
    return { kind: "dead", reason: "LinkedIn answered 401", checkpoint: false };
  }
  if (status === 403 && !code && /CSRF check failed/i.test(res.body)) {
    return { kind: "dead", reason: "LinkedIn refused the CSRF token", checkpoint: false };
  }
  if (code === "ACCOUNT_RESTRICTED") {
    return { kind: "error", error: new WelinkError("ACCOUNT_RESTRICTED", `${op}: LinkedIn restricted the account`) };
  }
  if (status === 410) return { kind: "gone" };
  if (status === 429 && !code) {
    const retryAfter = retryAfterSeconds(res);
    return {
      kind: "error",
      error: new WelinkError(
        "STATUS_429",
        `${op}: LinkedIn answered 429`,
        retryAfter === undefined ? undefined : { retryAfter },
      ),
    };
  }
  if (status === 999) {
    return { kind: "error", error: new WelinkError("STATUS_429", `${op}: LinkedIn denied the request (HTTP 999)`) };
  }
  // A 5xx with a body code is a refusal like any other (the family maps it); without one
  // it is LinkedIn having a bad moment.
  if (status >= 500 && !code) {
    return { kind: "error", error: new WelinkError("INTERNAL_ERROR", `${op}: LinkedIn answered ${status}`) };
  }
  if (status >= 200 && status < 300 && res.body.trim() && looksLikeHtml(res)) {
    return { kind: "dead", reason: "LinkedIn answered an HTML page where JSON was expected", checkpoint: false };
  }
  return { kind: "ok" };
}
