import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggedIn } from "../sandbox/http/client.ts";
import { startTestWelink, type TestWelink } from "../support/welink.ts";

/** A member's own browser session on the sandbox: its cookies, as login_cookie takes them. */
async function browserSession(sandboxUrl: string, email: string): Promise<{ li_at: string; jsessionid: string }> {
  const browser = await loggedIn(sandboxUrl, email);
  const liAt = browser.jar.get("li_at");
  if (!liAt) throw new Error(`no li_at for ${email}`);
  return { li_at: liAt, jsessionid: browser.csrf() };
}

describe("account_status webhooks", () => {
  let w: TestWelink;
  beforeAll(async () => {
    w = await startTestWelink();
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("announce a cookie session revoked on LinkedIn once, as SESSION_EXPIRED, and fail the action with it", async () => {
    const cookies = await browserSession(w.sandboxUrl, "linus@sandbox.welink.dev");
    const ack = await w.api("login_cookie", { ...cookies, proxy: { location: "US" } });
    expect(ack.status).toBe(200);
    const accountId = String(ack.body.accountId);
    expect((await w.receiver.forRequest(String(ack.body.requestId))).body.status).toBe("SUCCESS");
    await w.api("set_limits", { accountId, pacing: { min_gap_s: 0, max_gap_s: 0 } });

    await w.control("POST", "sessions/revoke", { member: "linus@sandbox.welink.dev" });
    const event = await w.call("get_profile_details", { accountId, public_identifier: "ada-lovelace" });
    expect(event.body.status).toBe("SESSION_EXPIRED");

    const statusEvents = () =>
      w.receiver.events.filter((e) => e.body.event_type === "/api/v1/account_status" && e.body.accountId === accountId);
    await w.receiver.waitFor(() => statusEvents().some((e) => JSON.stringify(e.body).includes("SESSION_EXPIRED")));
    // Give a duplicate every chance to arrive before counting.
    await new Promise((r) => setTimeout(r, 1500));
    const expired = statusEvents().filter((e) => JSON.stringify(e.body.result ?? e.body).includes("SESSION_EXPIRED"));
    expect(expired).toHaveLength(1);
    const details = await w.api("get_ln_account_details", { accountId });
    expect(details.body.status).toBe("SESSION_EXPIRED");
  });
});
