import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWelink, type TestWelink } from "../support/welink.ts";

describe("account lifecycle end to end", () => {
  let w: TestWelink;
  beforeAll(async () => {
    w = await startTestWelink();
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("disconnect_account fails queued work, ends the LinkedIn session and erases the account's access", async () => {
    const grace = await w.login("grace@sandbox.welink.dev", { pacing: true });
    // An hour between two actions: the next request stays queued behind the login.
    const slow = await w.api("set_limits", { accountId: grace, pacing: { min_gap_s: 3600, max_gap_s: 3600 } });
    expect(slow.status).toBe(200);
    const queued = await w.api("get_profile_details", { accountId: grace, public_identifier: "ada-lovelace" });
    expect(queued.status).toBe(200);
    const before = await w.api("get_ln_account_details", { accountId: grace });
    expect(before.body.status).toBe("ACTIVE");

    const disconnected = await w.api("disconnect_account", { accountId: grace });
    expect(disconnected).toEqual({ status: 200, body: { message: "Account disconnected successfully" } });

    const response = await w.api("get_response", { request_id: queued.body.requestId });
    expect(response.body.status).toBe("ACCOUNT_DISCONNECTED");
    const after = await w.api("get_ln_account_details", { accountId: grace });
    expect(after.body.status).toBe("DISCONNECTED");
    // The session was logged out on LinkedIn: the sandbox has none left to revoke.
    const revoked = await w.control("POST", "sessions/revoke", { member: "grace@sandbox.welink.dev" });
    expect(revoked.revoked).toBe(0);
    // New work for the account is refused at once.
    const refused = await w.api("get_profile_details", { accountId: grace, public_identifier: "ada-lovelace" });
    expect(refused.status).toBe(400);
    expect(refused.body.status).toBe("ACCOUNT_NOT_ACTIVE");
  });

  it("a logged-in account holds a live LinkedIn session until then", async () => {
    await w.login("linus@sandbox.welink.dev");
    const revoked = await w.control("POST", "sessions/revoke", { member: "linus@sandbox.welink.dev" });
    expect(Number(revoked.revoked)).toBeGreaterThan(0);
  });
});
