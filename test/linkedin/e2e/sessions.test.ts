import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { type Harness, PASSWORD, PIN, startHarness } from "../harness.ts";

let h: Harness;
let members: { email: string; profileId: string; publicIdentifier: string }[];
beforeAll(async () => {
  h = await startHarness({ seed: 11 });
  const list = (await h.control("members?start=0&count=40&tier=free")) as { elements: typeof members };
  members = list.elements.filter((m) => !m.email.endsWith("@sandbox.welink.dev"));
});
afterAll(async () => {
  await h?.close();
});

async function passwordAccount(email: string): Promise<string> {
  const accountId = await h.newAccount(email);
  const outcome = await h.sessions.loginPassword(accountId, { email, password: PASSWORD });
  expect(outcome.status).toBe("SUCCESS");
  return accountId;
}

async function liAt(accountId: string): Promise<string | undefined> {
  const secrets = await h.store.getAccountSecrets(accountId);
  return ((secrets?.cookies ?? []) as { name: string; value: string }[]).find((c) => c.name === "li_at")?.value;
}

describe("cookie login", () => {
  it("adopts a browser's li_at alone (JSESSIONID minted) and validates it with /me", async () => {
    const source = await passwordAccount(members[0]!.email);
    const token = (await liAt(source))!;
    const accountId = await h.newAccount(null);
    const result = await h.sessions.loginCookie(accountId, { li_at: token, user_agent: "Mozilla/5.0 test" });
    expect(result.profile_id).toBe(members[0]!.profileId);
    expect((await h.store.getAccount(accountId))?.status).toBe("ACTIVE");
    const client = await h.sessions.client(accountId);
    const me = await client.me.result();
    expect(me.profile_id).toBe(members[0]!.profileId);
  });

  it("an unknown li_at is SESSION_EXPIRED", async () => {
    const accountId = await h.newAccount(null);
    const error = await h.sessions.loginCookie(accountId, { li_at: "AQEDAbogus" }).catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("SESSION_EXPIRED");
    expect((await h.store.getAccount(accountId))?.status).toBe("SESSION_EXPIRED");
  });
});

describe("a session that dies", () => {
  it("revoked in the sandbox: logs in again by itself and the call succeeds", async () => {
    const m = members[1]!;
    const accountId = await passwordAccount(m.email);
    const client = await h.sessions.client(accountId);
    const before = await liAt(accountId);
    await h.control("sessions/revoke", { member: m.email });
    const profile = await client.profiles.get({ kind: "vanity", vanity: members[2]!.publicIdentifier });
    expect(profile.profile_id).toBe(members[2]!.profileId);
    const after = await liAt(accountId);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    expect((await h.store.getAccount(accountId))?.status).toBe("ACTIVE");
  });

  it("an HTML interstitial is treated as a dead session and recovered", async () => {
    const m = members[3]!;
    const accountId = await passwordAccount(m.email);
    const client = await h.sessions.client(accountId);
    await h.control("faults", { kind: "html_interstitial", member: m.email, count: 1 });
    const me = await client.me.identity();
    expect(me.profileId).toBe(m.profileId);
  });

  it("a cookie-only account cannot log in again: SESSION_EXPIRED and an account_status event", async () => {
    const source = await passwordAccount(members[4]!.email);
    const accountId = await h.newAccount(null);
    await h.sessions.loginCookie(accountId, { li_at: (await liAt(source))! });
    const client = await h.sessions.client(accountId);
    await h.control("sessions/revoke", { member: members[4]!.email });
    const error = await client.me.identity().catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("SESSION_EXPIRED");
    expect((await h.store.getAccount(accountId))?.status).toBe("SESSION_EXPIRED");
    expect(h.statuses.some((s) => s.accountId === accountId && s.status === "SESSION_EXPIRED")).toBe(true);
    const again = await h.sessions.client(accountId).catch((e: unknown) => e);
    expect(again instanceof WelinkError && again.code).toBe("ACCOUNT_NOT_ACTIVE");
  });

  it("a changed password: re-login fails, SESSION_EXPIRED", async () => {
    const m = members[5]!;
    const accountId = await passwordAccount(m.email);
    const client = await h.sessions.client(accountId);
    await h.store.setAccountSecrets(accountId, { password: "changed-elsewhere" }, Date.now());
    await h.control("sessions/revoke", { member: m.email });
    const error = await client.me.identity().catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("SESSION_EXPIRED");
    const account = await h.store.getAccount(accountId);
    expect(account?.status).toBe("SESSION_EXPIRED");
    expect(account?.statusReason).toBe("WRONG_PASSWORD");
  });

  it("a checkpoint: re-login meets a PIN challenge, PIN_REQUIRED, then login_code brings it back", async () => {
    const m = members[6]!;
    const accountId = await passwordAccount(m.email);
    const client = await h.sessions.client(accountId);
    await h.control("faults", { kind: "checkpoint", member: m.email, count: 1 });
    const error = await client.me.identity().catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("SESSION_EXPIRED");
    expect((await h.store.getAccount(accountId))?.status).toBe("PIN_REQUIRED");
    const done = await h.sessions.loginCode(accountId, PIN);
    expect(done.status).toBe("SUCCESS");
    const fresh = await h.sessions.client(accountId);
    expect((await fresh.me.identity()).profileId).toBe(m.profileId);
  });

  it("the restriction fault: ACCOUNT_RESTRICTED and the account RESTRICTED", async () => {
    const m = members[7]!;
    const accountId = await passwordAccount(m.email);
    const client = await h.sessions.client(accountId);
    await h.control("faults", { kind: "restriction", member: m.email });
    const error = await client.me.identity().catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("ACCOUNT_RESTRICTED");
    await new Promise((r) => setTimeout(r, 50));
    expect((await h.store.getAccount(accountId))?.status).toBe("RESTRICTED");
  });

  it("429, 999 and 5xx are STATUS_429 (with retryAfter) and a retryable INTERNAL_ERROR", async () => {
    const m = members[8]!;
    const accountId = await passwordAccount(m.email);
    const client = await h.sessions.client(accountId);
    await h.control("faults", { kind: "429", member: m.email, count: 1 });
    const e429 = await client.me.identity().catch((e: unknown) => e);
    expect(e429 instanceof WelinkError && e429.code).toBe("STATUS_429");
    await h.control("faults", { kind: "999", member: m.email, count: 1 });
    const e999 = await client.me.identity().catch((e: unknown) => e);
    expect(e999 instanceof WelinkError && e999.code).toBe("STATUS_429");
    await h.control("faults", { kind: "5xx", status: 503, member: m.email, count: 1 });
    const e503 = await client.me.identity().catch((e: unknown) => e);
    expect(e503 instanceof WelinkError && e503.code).toBe("INTERNAL_ERROR");
    expect((e503 as WelinkError).retryable).toBe(true);
    expect((await client.me.identity()).profileId).toBe(m.profileId);
  });

  it("a held request (timeout fault) fails within the request timeout, never hangs", async () => {
    const m = members[9]!;
    const fast = h.managerFor({ requestTimeoutMs: 700 });
    const accountId = await h.newAccount(m.email);
    await fast.loginPassword(accountId, { email: m.email, password: PASSWORD });
    const client = await fast.client(accountId);
    await h.control("faults", { kind: "timeout", member: m.email, count: 1, durationMs: 5000 });
    const started = Date.now();
    const error = await client.me.identity().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WelinkError);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe("LinkedIn's burst rule", () => {
  it("more than 60 requests a minute from one session: STATUS_429 with retryAfter, not a dead session", async () => {
    const m = members[10]!;
    const accountId = await passwordAccount(m.email);
    const client = await h.sessions.client(accountId);
    let error: unknown = null;
    for (let i = 0; i < 80 && !error; i++)
      error = await client.me.identity().then(
        () => null,
        (e: unknown) => e,
      );
    expect(error instanceof WelinkError && error.code).toBe("STATUS_429");
    expect((error as WelinkError).retryAfter).toBeGreaterThan(0);
    expect((await h.store.getAccount(accountId))?.status).toBe("ACTIVE");
  });
});

describe("idle sessions", () => {
  it("are dropped after idleMs and rebuilt from the store on the next use", async () => {
    const sessions = h.managerFor({ idleMs: 50 });
    const a = await h.newAccount(members[11]!.email);
    const b = await h.newAccount(members[12]!.email);
    await sessions.loginPassword(a, { email: members[11]!.email, password: PASSWORD });
    await sessions.loginPassword(b, { email: members[12]!.email, password: PASSWORD });
    expect(sessions.liveSessions).toBe(2);
    await new Promise((r) => setTimeout(r, 120));
    await sessions.client(b); // sweeps a (and b, rebuilt at once)
    await new Promise((r) => setTimeout(r, 10));
    expect(sessions.liveSessions).toBe(1);
    const again = await sessions.client(a);
    expect((await again.me.identity()).profileId).toBe(members[11]!.profileId);
  });
});

describe("concurrent first use", () => {
  it("callers racing for an account's session share one (no transport closed under the other)", async () => {
    const m = members[13]!;
    const accountId = await passwordAccount(m.email);
    const fresh = h.managerFor();
    const clients = await Promise.all([fresh.client(accountId), fresh.client(accountId), fresh.client(accountId)]);
    expect(new Set(clients).size).toBe(1);
    const ids = await Promise.all(clients.map((c) => c.me.identity()));
    expect(ids.every((i) => i.profileId === m.profileId)).toBe(true);
  });
});
