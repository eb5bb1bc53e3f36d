import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { type Harness, PASSWORD, PIN, persona, startHarness } from "../harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function loginError(email: string, password = PASSWORD): Promise<{ code: string; accountId: string }> {
  const accountId = await h.newAccount(email);
  const error = await h.sessions.loginPassword(accountId, { email, password }).catch((e: unknown) => e);
  if (!(error instanceof WelinkError)) throw new Error(`expected a WelinkError, got ${String(error)}`);
  return { code: error.code, accountId };
}

describe("password login against the sandbox", () => {
  it("ada logs in: API.md result shape, ACTIVE, cookies persisted", async () => {
    const accountId = await h.newAccount(persona("ada"));
    const outcome = await h.sessions.loginPassword(accountId, { email: persona("ada"), password: PASSWORD });
    expect(outcome.status).toBe("SUCCESS");
    if (outcome.status !== "SUCCESS") return;
    expect(outcome.result).toMatchObject({
      accountId,
      first_name: expect.any(String),
      profile_id: expect.stringMatching(/^ACoAA/),
      premium: false,
      sales_navigator: false,
      recruiter: false,
      email: persona("ada"),
    });
    const account = await h.store.getAccount(accountId);
    expect(account?.status).toBe("ACTIVE");
    const secrets = await h.store.getAccountSecrets(accountId);
    const names = ((secrets?.cookies ?? []) as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["li_at", "JSESSIONID"]));
    const me = await h.sessions.heartbeat(accountId);
    expect(me.profileId).toBe(outcome.result.profile_id);
  });

  it("tiers: grace is Premium, linus has Sales Navigator, margaret has Recruiter", async () => {
    for (const [name, field] of [
      ["grace", "premium"],
      ["linus", "sales_navigator"],
      ["margaret", "recruiter"],
    ] as const) {
      const accountId = await h.newAccount(persona(name));
      const outcome = await h.sessions.loginPassword(accountId, { email: persona(name), password: PASSWORD });
      expect(outcome.status).toBe("SUCCESS");
      if (outcome.status === "SUCCESS") expect(outcome.result[field]).toBe(true);
    }
  });

  it("a wrong password is WRONG_PASSWORD", async () => {
    const { code, accountId } = await loginError(persona("ada"), "nope");
    expect(code).toBe("WRONG_PASSWORD");
    expect((await h.store.getAccount(accountId))?.status).toBe("SESSION_EXPIRED");
  });

  it("restricted@ is ACCOUNT_RESTRICTED and the account RESTRICTED", async () => {
    const { code, accountId } = await loginError(persona("restricted"));
    expect(code).toBe("ACCOUNT_RESTRICTED");
    expect((await h.store.getAccount(accountId))?.status).toBe("RESTRICTED");
  });

  it("blank@ is BASIC_INFO_NOT_FOUND", async () => {
    expect((await loginError(persona("blank"))).code).toBe("BASIC_INFO_NOT_FOUND");
  });

  it("a /me without ids is OWN_PROFILE_ID_NOT_FOUND", async () => {
    const fault = (await h.control("faults", { kind: "me_without_id", member: persona("admin") })) as { id: string };
    expect((await loginError(persona("admin"))).code).toBe("OWN_PROFILE_ID_NOT_FOUND");
    await h.control(`faults/${fault.id}`, undefined, "DELETE");
  });

  it("pin@ is PIN_REQUIRED; a wrong PIN is INVALID_PIN; the right PIN, in another manager, succeeds", async () => {
    const accountId = await h.newAccount(persona("pin"));
    const outcome = await h.sessions.loginPassword(accountId, { email: persona("pin"), password: PASSWORD });
    expect(outcome).toEqual({ status: "PIN_REQUIRED", accountId });
    expect((await h.store.getAccount(accountId))?.status).toBe("PIN_REQUIRED");
    const wrong = await h.sessions.loginCode(accountId, "000000").catch((e: unknown) => e);
    expect(wrong instanceof WelinkError && wrong.code).toBe("INVALID_PIN");
    // Another process: nothing in memory, only the store.
    const other = h.managerFor();
    const done = await other.loginCode(accountId, PIN);
    expect(done.status).toBe("SUCCESS");
    expect((await h.store.getAccount(accountId))?.status).toBe("ACTIVE");
    expect(h.statuses.filter((s) => s.accountId === accountId).map((s) => s.status)).toEqual([
      "PIN_REQUIRED",
      "ACTIVE",
    ]);
  });

  it("five wrong PINs void the challenge: INVALID_PIN, then SESSION_EXPIRED until a new login_v2", async () => {
    const accountId = await h.newAccount(persona("pin"));
    await h.sessions.loginPassword(accountId, { email: persona("pin"), password: PASSWORD });
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push(
        await h.sessions.loginCode(accountId, "000000").then(
          () => "SUCCESS",
          (e: unknown) => (e instanceof WelinkError ? e.code : String(e)),
        ),
      );
    }
    expect(codes.every((c) => c === "INVALID_PIN")).toBe(true);
    expect((await h.store.getAccount(accountId))?.status).toBe("SESSION_EXPIRED");
    const after = await h.sessions.loginCode(accountId, PIN).catch((e: unknown) => e);
    expect(after instanceof WelinkError && after.code).toBe("INVALID_PIN");
    const again = await h.sessions.loginPassword(accountId, { email: persona("pin"), password: PASSWORD });
    expect(again.status).toBe("PIN_REQUIRED");
    expect((await h.sessions.loginCode(accountId, PIN)).status).toBe("SUCCESS");
  });
});
