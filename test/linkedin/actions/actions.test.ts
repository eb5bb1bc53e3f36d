import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { bindDriver, DRIVER_ACTIONS, driverAction, ProxyPool } from "../../../src/linkedin/index.ts";
import { type Harness, PASSWORD, PIN, persona, startHarness } from "../harness.ts";

let h: Harness;
let members: { email: string; profileId: string; publicIdentifier: string }[];

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof WelinkError)) throw new Error(`expected a WelinkError, got ${JSON.stringify(e)}`);
  return e.code;
}

/** An account as the gateway creates it for login_v2: secrets stored, the queued input scrubbed. */
async function gatewayAccount(
  secrets: Record<string, unknown>,
  email: string | null,
  proxy: Record<string, unknown> | null = null,
) {
  const id = randomUUID();
  await h.store.createAccount({
    id,
    workspaceId: h.workspaceId,
    email,
    status: "LOGGING_IN",
    proxy: proxy as never,
    secrets: secrets as never,
    now: Date.now(),
  });
  return id;
}

const run = (name: string, accountId: string, input: Record<string, unknown> = {}) =>
  driverAction(name)!.run({ sessions: h.sessions, accountId }, input);

beforeAll(async () => {
  h = await startHarness({ seed: 61, members: 400 });
  // The world's clock is months away from ours on purpose: exactly-once checks must move our
  // times onto LinkedIn's clock (the skew the transport reads from the Date header).
  await h.control("settings", { burstRequestsPerMinute: 100_000 });
  const list = (await h.control("members?start=0&count=60&tier=free")) as { elements: typeof members };
  members = list.elements.filter((m) => !m.email.endsWith("@sandbox.welink.dev"));
});
afterAll(async () => {
  await h?.close();
});

describe("account actions from what the gateway stored", () => {
  it("login_v2 reads the password and TOTP secret from the store; the pool location is resolved and pinned", async () => {
    const sessions = h.managerFor({
      proxyPool: new ProxyPool({
        US: [
          {
            protocol: "http",
            host: "127.0.0.1",
            port: Number(new URL(h.sandbox.url).port),
            username: "u",
            password: "sandbox-proxy",
          },
        ],
      }),
    });
    const accountId = await gatewayAccount(
      { password: PASSWORD, two_fa_secret: "JBSWY3DPEHPK3PXP" },
      members[0]!.email,
      { location: "US" },
    );
    const result = (await driverAction("login_v2")!.run(
      { sessions, accountId },
      { accountId, email: members[0]!.email, two_fa: true },
    )) as {
      profile_id: string;
      email: string;
    };
    expect(result.profile_id).toBe(members[0]!.profileId);
    expect(result.email).toBe(members[0]!.email);
    const account = await h.store.getAccount(accountId);
    expect(account?.proxy).toMatchObject({ location: "US", host: "127.0.0.1", protocol: "http" });
    expect((await h.store.getAccountSecrets(accountId))?.proxy_password).toBe("sandbox-proxy");
  });

  it("login_v2 for pin@ ends with PIN_REQUIRED; login_code finishes it", async () => {
    const accountId = await gatewayAccount({ password: PASSWORD }, persona("pin"));
    expect(await codeOf(run("login_v2", accountId))).toBe("PIN_REQUIRED");
    expect(await codeOf(run("login_code", accountId, { code: "111111" }))).toBe("INVALID_PIN");
    const result = (await run("login_code", accountId, { code: PIN })) as { accountId: string };
    expect(result.accountId).toBe(accountId);
  });

  it("login_cookie reads the gateway's {li_at, JSESSIONID}", async () => {
    const source = await gatewayAccount({ password: PASSWORD }, members[1]!.email);
    await run("login_v2", source);
    const cookies = (await h.store.getAccountSecrets(source))?.cookies as { name: string; value: string }[];
    const li = cookies.find((c) => c.name === "li_at")!.value;
    const accountId = await gatewayAccount({ cookies: { li_at: li, JSESSIONID: "ajax:1234567890123456789" } }, null);
    const result = (await run("login_cookie", accountId)) as { profile_id: string };
    expect(result.profile_id).toBe(members[1]!.profileId);
    const me = (await run("me", accountId)) as { profile_id: string; full_name: string };
    expect(me.profile_id).toBe(members[1]!.profileId);
  });

  it("a disconnected account: ACCOUNT_DISCONNECTED", async () => {
    const accountId = await gatewayAccount({ password: PASSWORD }, members[2]!.email);
    await run("login_v2", accountId);
    await h.store.updateAccount(accountId, { status: "DISCONNECTED", disconnectedAt: Date.now() }, Date.now());
    expect(await codeOf(run("me", accountId))).toBe("ACCOUNT_DISCONNECTED");
  });
});

describe("writes with exactly-once checks", () => {
  let ada: string;
  beforeAll(async () => {
    ada = await gatewayAccount({ password: PASSWORD }, persona("ada"));
    await run("login_v2", ada);
  });

  it("connect by vanity, then verify finds it; a second attempt would be PENDING_INVITE", async () => {
    const client = await h.sessions.client(ada);
    let target: (typeof members)[number] | undefined;
    for (const m of members.slice(10)) {
      if ((await client.profiles.get({ kind: "id", id: m.profileId })).connection_status === "NOT_CONNECTED") {
        target = m;
        break;
      }
    }
    const input = { profile_id: target!.publicIdentifier, message: "Hello" };
    expect(await driverAction("connect")!.verify!({ sessions: h.sessions, accountId: ada }, input)).toBeNull();
    const result = (await run("connect", ada, input)) as {
      connected: boolean;
      profile_id: string;
      invitation_id: string;
    };
    expect(result).toMatchObject({ connected: true, profile_id: target!.profileId });
    const verified = await driverAction("connect")!.verify!({ sessions: h.sessions, accountId: ada }, input);
    expect(verified).toEqual(result);
    expect(await codeOf(run("connect", ada, input))).toBe("PENDING_INVITE");
    const status = (await run("get_connection_status", ada, {
      profile_url: `https://www.linkedin.com/in/${target!.publicIdentifier}/`,
    })) as {
      connection_status: string;
    };
    expect(status.connection_status).toBe("PENDING");
    const withdrawn = (await run("withdraw_invite", ada, { profile_id: target!.profileId })) as {
      invitation_id: string;
    };
    expect(withdrawn.invitation_id).toBe(result.invitation_id);
  });

  it("send_message_to_profile_id: verify is null before, the message after", async () => {
    const friend = ((await run("connections", ada, { count: 3 })) as { connections: { profile_id: string }[] })
      .connections[2]!;
    const input = { profile_id: friend.profile_id, message: `exactly once ${randomUUID()}` };
    const ctx = { sessions: h.sessions, accountId: ada, since: Date.now() - 60_000 };
    expect(await driverAction("send_message_to_profile_id")!.verify!(ctx, input)).toBeNull();
    const sent = (await run("send_message_to_profile_id", ada, input)) as { message_id: string; thread_id: string };
    const verified = (await driverAction("send_message_to_profile_id")!.verify!(ctx, input)) as { message_id: string };
    expect(verified.message_id).toBe(sent.message_id);
    // A request accepted after that message was sent must not take it for its own.
    const later = { ...ctx, since: Date.now() + 30_000 };
    expect(await driverAction("send_message_to_profile_id")!.verify!(later, input)).toBeNull();
    const thread = (await run("personal_messages", ada, { thread_id: sent.thread_id })) as {
      messages: { text: string }[];
    };
    expect(thread.messages[0]?.text).toBe(input.message);
  });

  it("lists: connections, pending_invites, personal_message_threads page with cursors", async () => {
    const first = (await run("connections", ada, { count: 10 })) as { connections: unknown[]; next_cursor: string };
    expect(first.connections.length).toBe(10);
    const second = (await run("connections", ada, { count: 10, cursor: first.next_cursor })) as {
      connections: { profile_id: string }[];
    };
    expect(second.connections[0]).not.toEqual(first.connections[0]);
    const threads = (await run("personal_message_threads", ada)) as { threads: unknown[] };
    expect(threads.threads.length).toBeGreaterThan(0);
  });
});

describe("silent drops near the weekly limit", () => {
  it("an invitation answered with success but missing from the sent list is FUSE_LIMIT_EXCEEDED", async () => {
    await h.control("settings", { weeklyInvitesFree: 6, silentDropZone: 0.5, silentDropEvery: 1 });
    const m = members[3]!;
    const accountId = await gatewayAccount({ password: PASSWORD }, m.email);
    await run("login_v2", accountId);
    const codes: string[] = [];
    for (const target of members.slice(20, 30)) {
      if (target.profileId === m.profileId) continue;
      const outcome = await run("connect", accountId, { profile_id: target.profileId }).then(
        () => "SENT",
        (e: unknown) => (e instanceof WelinkError ? e.code : String(e)),
      );
      codes.push(outcome);
    }
    expect(codes.slice(0, 3)).toEqual(["SENT", "SENT", "SENT"]);
    expect(codes[3]).toBe("FUSE_LIMIT_EXCEEDED");
    // Acting on after repeated pushback gets the account restricted (LINKEDIN.md), and it stays so.
    const restricted = codes.indexOf("ACCOUNT_RESTRICTED");
    expect(codes.slice(3, restricted < 0 ? undefined : restricted).every((c) => c === "FUSE_LIMIT_EXCEEDED")).toBe(
      true,
    );
    if (restricted >= 0) expect((await h.store.getAccount(accountId))?.status).toBe("RESTRICTED");
    const counters = (await h.control(`counters/${m.email}`)) as { invitationsDropped: number };
    expect(counters.invitationsDropped).toBeGreaterThan(0);
  });
});

describe("catalogue binding and disconnect", () => {
  it("bindDriver runs with the catalogue's RunContext; verify uses the request's creation time", async () => {
    const accountId = await gatewayAccount({ password: PASSWORD }, members[4]!.email);
    const request = { accountId, createdAt: Date.now() };
    const login = bindDriver("login_v2");
    const result = (await login.run({ deps: { sessions: h.sessions }, account: { id: accountId }, request }, {})) as {
      profile_id: string;
    };
    expect(result.profile_id).toBe(members[4]!.profileId);
    expect(bindDriver("connect").verify).toBeDefined();
    expect(await codeOf(login.run({ deps: {}, account: { id: accountId }, request }, {}))).toBe("INTERNAL_ERROR");
  });

  it("logout ends the session on LinkedIn: the old li_at is dead", async () => {
    const accountId = await gatewayAccount({ password: PASSWORD }, members[5]!.email);
    await run("login_v2", accountId);
    const cookies = (await h.store.getAccountSecrets(accountId))?.cookies;
    await h.sessions.logout(accountId);
    const copy = await gatewayAccount({ cookies }, null);
    expect(await codeOf(run("login_cookie", copy))).toBe("SESSION_EXPIRED");
  });
});

describe("the action table", () => {
  it("covers every async action the driver serves", () => {
    for (const name of [
      "login_v2",
      "login",
      "login_code",
      "login_cookie",
      "connect",
      "send_message_to_profile_id",
      "search",
      "create_post",
      "recruiter_search",
      "sales_navigator_search",
      "event_invite",
    ]) {
      expect(DRIVER_ACTIONS[name], name).toBeDefined();
    }
  });
});
