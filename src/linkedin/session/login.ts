/**
 * LinkedIn's password login (voyager.md §1.3–1.4, sandbox-protocol.md §2):
 * `GET /uas/authenticate` for an anonymous JSESSIONID, `POST /uas/authenticate` with the
 * credentials, and on CHALLENGE the checkpoint page whose hidden fields, posted back with
 * the PIN to `/checkpoint/challenge/verify`, finish the login. The challenge context
 * (fields + cookies) is plain data, so the PIN can arrive later, in another process.
 * These functions only talk to LinkedIn; the session manager owns state and storage.
 */
import { WelinkError } from "../../errors/index.ts";
import { isObject, parseJson, ShapeError } from "../envelope.ts";
import { retryAfterSeconds } from "../signals.ts";
import type { StoredCookie } from "../transport/cookies.ts";
import { ACCEPT } from "../transport/headers.ts";
import type { Transport, WireResponse } from "../transport/http.ts";
import { formAction, formBody, hiddenInputs } from "./forms.ts";
import { totp } from "./totp.ts";

export interface ChallengeContext {
  /** Where the PIN is posted (path on the base URL). */
  verifyPath: string;
  /** The page's hidden fields, posted back with the PIN. */
  fields: Record<string, string>;
  /** EMAIL_PIN, AUTHENTICATOR_APP, … as the page says. */
  challengeType: string;
  /** The jar at the time of the challenge (JSESSIONID and friends). */
  cookies: StoredCookie[];
  createdAt: number;
}

export type LoginStep = { kind: "pass" } | { kind: "challenge"; challenge: ChallengeContext };

const VERIFY_PATH = "/checkpoint/challenge/verify";
/** Challenge types a TOTP code answers (LinkedIn's "authenticator app" two-step verification). */
const TOTP_CHALLENGES = /AUTHENTICATOR|TOTP|TWO_STEP|TWO_FACTOR/i;

function pathOf(url: string, base: string): string {
  const u = new URL(url, base);
  return u.pathname + u.search;
}

/** Steps 1–3 of the login; a CHALLENGE also loads the challenge page. */
export async function passwordLogin(
  t: Transport,
  credentials: { email: string; password: string },
  now: number,
): Promise<LoginStep> {
  const mobile = { "x-user-language": "en", "x-user-locale": "en_US", "accept-language": "en-us" };
  await t.send({ path: "/uas/authenticate", api: false, accept: ACCEPT.json, headers: mobile });
  const jsessionid = t.jar.get("JSESSIONID");
  if (!jsessionid) throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", "login: /uas/authenticate set no JSESSIONID");
  const res = await t.send({
    method: "POST",
    path: "/uas/authenticate",
    api: false,
    accept: ACCEPT.json,
    headers: mobile,
    contentType: "application/x-www-form-urlencoded",
    body: formBody({ session_key: credentials.email, session_password: credentials.password, JSESSIONID: jsessionid }),
  });
  if (res.status === 401) throw new WelinkError("WRONG_PASSWORD", "LinkedIn refused the email or password");
  if (res.status === 429) throw rateLimited(res, "login");
  if (res.status !== 200) throw unexpected("login", res);
  const json = safeJson(res);
  const result = isObject(json) && typeof json.login_result === "string" ? json.login_result : undefined;
  switch (result) {
    case "PASS":
      if (!t.jar.get("li_at")) throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", "login: PASS without an li_at cookie");
      return { kind: "pass" };
    case "RESTRICTED":
      throw new WelinkError("ACCOUNT_RESTRICTED", "LinkedIn restricted this account");
    case "BAD_USERNAME_OR_PASSWORD":
    case "BAD_PASSWORD":
    case "BAD_EMAIL":
      throw new WelinkError("WRONG_PASSWORD", "LinkedIn refused the email or password");
    case "CHALLENGE": {
      const url = isObject(json) && typeof json.challenge_url === "string" ? json.challenge_url : undefined;
      if (!url) throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", "login: CHALLENGE without challenge_url");
      return { kind: "challenge", challenge: await loadChallenge(t, pathOf(url, t.baseUrl), now) };
    }
    default:
      throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", `login: unknown login_result ${String(result)}`);
  }
}

/** Loads a checkpoint page and keeps what the verify step needs. */
export async function loadChallenge(t: Transport, path: string, now: number): Promise<ChallengeContext> {
  const page = await t.send({ path, api: false });
  if (page.status >= 300 && page.status < 400) {
    if (/\/checkpoint\/restricted/.test(page.location ?? "")) {
      throw new WelinkError("ACCOUNT_RESTRICTED", "LinkedIn restricted this account");
    }
    throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", `login: the challenge page redirected to ${page.location}`);
  }
  if (page.status !== 200) throw unexpected("login challenge", page);
  const fields = hiddenInputs(page.body);
  if (!fields.challengeId)
    throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", "login: challenge page without challengeId");
  const action = formAction(page.body, /checkpoint\/challenge\/verify/);
  return {
    verifyPath: action ? pathOf(action, t.baseUrl) : VERIFY_PATH,
    fields,
    challengeType: fields.challengeType ?? "UNKNOWN",
    cookies: t.jar.toJSON(),
    createdAt: now,
  };
}

/** Whether a stored TOTP secret can answer this challenge without the user. */
export function totpAnswers(challenge: ChallengeContext, twoFaSecret: string | undefined): boolean {
  return Boolean(twoFaSecret) && TOTP_CHALLENGES.test(challenge.challengeType);
}

export function totpCode(twoFaSecret: string, now: number): string {
  try {
    return totp(twoFaSecret, now);
  } catch {
    throw new WelinkError("INVALID_REQUEST", "two_fa_secret is not a valid base32 TOTP secret");
  }
}

/**
 * Posts the PIN (or TOTP code). The jar must hold the challenge's cookies. A right code
 * ends with `li_at` in the jar; a wrong one is INVALID_PIN (the challenge stays usable);
 * a void or expired challenge is INVALID_PIN too, with a detail saying to log in again.
 */
export async function submitPin(t: Transport, challenge: ChallengeContext, pin: string): Promise<void> {
  const res = await t.send({
    method: "POST",
    path: challenge.verifyPath,
    api: false,
    contentType: "application/x-www-form-urlencoded",
    body: formBody({ ...challenge.fields, pin, language: "en-US" }),
  });
  if (res.status >= 300 && res.status < 400) {
    const to = res.location ?? "";
    if (t.jar.get("li_at") && !/\/(uas\/login|checkpoint\/)/.test(to)) return;
    if (/\/checkpoint\/restricted/.test(to))
      throw new WelinkError("ACCOUNT_RESTRICTED", "LinkedIn restricted this account");
    throw new WelinkError("INVALID_PIN", "The login challenge expired or was voided; log in again with login_v2");
  }
  if (res.status === 429) throw rateLimited(res, "login");
  if (res.status === 200 && t.jar.get("li_at")) return;
  if (res.status === 200) throw new WelinkError("INVALID_PIN", "LinkedIn refused the PIN");
  throw unexpected("login verify", res);
}

function safeJson(res: WireResponse): unknown {
  try {
    return parseJson(res);
  } catch (error) {
    if (error instanceof ShapeError) return undefined;
    throw error;
  }
}

function rateLimited(res: WireResponse, op: string): WelinkError {
  const retryAfter = retryAfterSeconds(res);
  return new WelinkError(
    "STATUS_429",
    `${op}: LinkedIn answered 429`,
    retryAfter === undefined ? undefined : { retryAfter },
  );
}

function unexpected(op: string, res: WireResponse): WelinkError {
  if (res.status >= 500) return new WelinkError("INTERNAL_ERROR", `${op}: LinkedIn answered ${res.status}`);
  if (res.status === 999) return new WelinkError("STATUS_429", `${op}: LinkedIn denied the request (HTTP 999)`);
  return new WelinkError("LINKEDIN_SCHEMA_CHANGED", `${op}: unexpected answer ${res.status} from ${res.what}`);
}
