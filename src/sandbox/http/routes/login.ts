/**
 * Logging in as LinkedIn's clients do (sandbox-protocol.md §2): the mobile-auth form
 * (`/uas/authenticate`: PASS, CHALLENGE, 401), the web login with its checkpoint — the email
 * PIN, or the authenticator app's code for two-step members — (`/uas/login` →
 * `/checkpoint/lg/login-submit` → `/checkpoint/challenge/verify`), logout.
 */

import { randomUUID } from "node:crypto";
import { SandboxRefusal } from "../../world/refusal.ts";
import type { Session } from "../../world/sessions.ts";
import type { Member } from "../../world/types.ts";
import { type Answer, html, plain, redirect } from "../answer.ts";
import { type Ctx, formBody } from "../context.ts";
import { DELETE_LI_AT, jsessionCookie, liAtCookie, newJsessionId, unquote } from "../cookies.ts";
import type { Route } from "../router.ts";

type Outcome =
  | { kind: "PASS"; member: Member; session: Session }
  | { kind: "CHALLENGE"; member: Member; challengeId: string }
  | { kind: "RESTRICTED"; member: Member }
  | { kind: "BAD" };

/** One login attempt, whichever form carried it. */
function attempt(ctx: Ctx, email: string, password: string): Outcome {
  const { world, state } = ctx;
  let member: Member;
  try {
    member = world.sessions.authenticate(email, password);
  } catch (err) {
    if (err instanceof SandboxRefusal) return { kind: "BAD" };
    throw err;
  }
  if (member.restricted) return { kind: "RESTRICTED", member };
  if (member.needsPin || member.totpSecret || state.pinOnce.has(member.memberId)) {
    return { kind: "CHALLENGE", member, challengeId: world.sessions.createPinChallenge(member.memberId) };
  }
  return { kind: "PASS", member, session: world.sessions.issue(member.memberId) };
}

function sessionCookies(session: Session): string[] {
  return [liAtCookie(session.liAt), jsessionCookie(session.jsessionId)];
}

const anonymousCookies = (ctx: Ctx) =>
  ctx.cookies.JSESSIONID
    ? ['bcookie="v=2&sandbox"; Path=/', 'lidc="b=SB01"; Path=/']
    : [jsessionCookie(newJsessionId()), 'bcookie="v=2&sandbox"; Path=/', 'lidc="b=SB01"; Path=/'];

const csrfFailed = (): Answer => ({
  kind: "text",
  status: 403,
  contentType: "text/plain; charset=utf-8",
  body: "CSRF check failed.",
});

async function authenticate(ctx: Ctx): Promise<Answer> {
  const form = await formBody(ctx);
  const cookie = unquote(ctx.cookies.JSESSIONID);
  if (!cookie || unquote(form.get("JSESSIONID") ?? "") !== cookie) return csrfFailed();
  const outcome = attempt(ctx, form.get("session_key") ?? "", form.get("session_password") ?? "");
  switch (outcome.kind) {
    case "BAD":
      return plain({ login_result: "BAD_USERNAME_OR_PASSWORD" }, 401);
    case "RESTRICTED":
      return plain({ login_result: "RESTRICTED", challenge_url: `${ctx.base}/checkpoint/restricted` });
    case "CHALLENGE":
      return plain({
        login_result: "CHALLENGE",
        challenge_url: `${ctx.base}/checkpoint/challenge/${outcome.challengeId}`,
      });
    case "PASS":
      return plain({ login_result: "PASS" }, 200, { "set-cookie": sessionCookies(outcome.session) });
  }
}

function page(title: string, inner: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${inner}</body></html>`;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(ctx: Ctx, error: boolean): Answer {
  const token = randomUUID();
  ctx.state.loginTokens.add(token);
  const err = error
    ? '<div id="error-for-password" class="form__label--error">Wrong email or password. Try again.</div>'
    : "";
  const body = page(
    "LinkedIn Login, Sign in | LinkedIn",
    `<form class="login__form" action="/checkpoint/lg/login-submit" method="post">${hidden("loginCsrfParam", token)}` +
      `<input type="text" name="session_key"><input type="password" name="session_password">${err}` +
      `<button type="submit">Sign in</button></form>`,
  );
  return html(body, 200, { "set-cookie": anonymousCookies(ctx) });
}

function challengePage(ctx: Ctx, challengeId: string, wrongPin: boolean): Answer {
  const authenticator = ctx.world.sessions.challengeType(challengeId) === "AUTHENTICATOR_APP";
  const fields: Record<string, string> = {
    csrfToken: `ajax:${challengeId.length}${Date.now()}`,
    pageInstance: authenticator
      ? "urn:li:page:checkpoint_challenge_authenticator_app;sandbox"
      : "urn:li:page:checkpoint_challenge_pin;sandbox",
    resendUrl: `/checkpoint/challenge/resend/${challengeId}`,
    challengeId,
    displayTime: String(Date.now()),
    challengeSource: "CHECKPOINT_CHALLENGE",
    requestSubmissionId: randomUUID(),
    challengeType: authenticator ? "AUTHENTICATOR_APP" : "EMAIL_PIN",
    challengeData: "sandbox",
    challengeDetails: "sandbox",
    failureRedirectUri: "/uas/login",
  };
  const inputs = Object.entries(fields)
    .map(([k, v]) => hidden(k, v))
    .join("");
  const err = wrongPin
    ? '<span class="form__label--error">The verification code you entered isn\'t valid. Please check the code and try again.</span>'
    : "";
  const [heading, formId] = authenticator
    ? ["Enter the code from your authenticator app", "authenticator-app-challenge"]
    : ["Let's do a quick security check", "email-pin-challenge"];
  return html(
    page(
      "Security Verification | LinkedIn",
      `<h1>${heading}</h1><form id="${formId}" action="/checkpoint/challenge/verify" method="post">` +
        `${inputs}<input type="text" name="pin" maxlength="6">${err}<button type="submit">Submit</button></form>`,
    ),
  );
}

async function loginSubmit(ctx: Ctx): Promise<Answer> {
  const form = await formBody(ctx);
  const token = form.get("loginCsrfParam") ?? "";
  if (!ctx.state.loginTokens.delete(token)) return redirect("/uas/login");
  const outcome = attempt(ctx, form.get("session_key") ?? "", form.get("session_password") ?? "");
  switch (outcome.kind) {
    case "BAD":
      return loginPage(ctx, true);
    case "RESTRICTED":
      return redirect("/checkpoint/restricted");
    case "CHALLENGE":
      return challengePage(ctx, outcome.challengeId, false);
    case "PASS":
      return redirect("/feed/", { "set-cookie": sessionCookies(outcome.session) });
  }
}

async function verify(ctx: Ctx): Promise<Answer> {
  const form = await formBody(ctx);
  const challengeId = form.get("challengeId") ?? "";
  try {
    const { member, session } = ctx.world.sessions.verifyPin(challengeId, form.get("pin") ?? "");
    ctx.state.pinOnce.delete(member.memberId);
    return redirect("/feed/", { "set-cookie": sessionCookies(session) });
  } catch (err) {
    if (!(err instanceof SandboxRefusal)) throw err;
    if (err.code === "WRONG_PIN") return challengePage(ctx, challengeId, true);
    if (err.code === "ACCOUNT_RESTRICTED") return redirect("/checkpoint/restricted");
    return redirect("/uas/login");
  }
}

function logout(ctx: Ctx): Answer {
  const liAt = ctx.cookies.li_at;
  const session = liAt ? ctx.world.sessions.get(liAt) : undefined;
  if (liAt && session && ctx.query.get("csrfToken") === session.jsessionId) ctx.world.sessions.revoke(liAt);
  return redirect("/", { "set-cookie": DELETE_LI_AT });
}

export const loginRoutes: Route[] = [
  {
    method: "GET",
    path: "/uas/authenticate",
    auth: "public",
    handler: (ctx) => plain({}, 200, { "set-cookie": anonymousCookies(ctx) }),
  },
  { method: "POST", path: "/uas/authenticate", auth: "public", handler: authenticate },
  { method: "GET", path: "/uas/login", auth: "public", handler: (ctx) => loginPage(ctx, false) },
  { method: "POST", path: "/checkpoint/lg/login-submit", auth: "public", handler: loginSubmit },
  { method: "POST", path: "/checkpoint/challenge/verify", auth: "public", handler: verify },
  {
    method: "GET",
    path: "/checkpoint/challenge/:id",
    auth: "public",
    handler: (ctx) => challengePage(ctx, ctx.params[0] ?? "", false),
  },
  {
    method: "GET",
    path: "/checkpoint/restricted",
    auth: "public",
    handler: () => html(page("Account restricted | LinkedIn", "<h1>Your account has been restricted</h1>")),
  },
  { method: "GET", path: "/uas/logout", auth: "public", handler: logout },
  { method: "GET", path: "/feed/", auth: "public", handler: () => html(page("Feed | LinkedIn", "<main>feed</main>")) },
  { method: "GET", path: "/", auth: "public", handler: () => html(page("LinkedIn", "<main>sandbox</main>")) },
];
