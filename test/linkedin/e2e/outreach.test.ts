import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { type LinkedInClient, parseProfileUrl } from "../../../src/linkedin/index.ts";
import { type Harness, PASSWORD, persona, startHarness } from "../harness.ts";

let h: Harness;
let ada: LinkedInClient;
let grace: LinkedInClient;

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof WelinkError)) throw new Error(`expected a WelinkError, got ${String(e)}`);
  return e.code;
}

async function clientFor(name: string): Promise<LinkedInClient> {
  const email = name.includes("@") ? name : persona(name);
  const accountId = await h.newAccount(email);
  await h.sessions.loginPassword(accountId, { email, password: PASSWORD });
  return h.sessions.client(accountId);
}

/** A member ada is not connected to and has no invitation with. */
async function stranger(skip: Set<string>): Promise<{ profileId: string; publicIdentifier: string }> {
  const list = (await h.control("members?start=0&count=200&tier=free")) as {
    elements: { email: string; profileId: string; publicIdentifier: string }[];
  };
  for (const m of list.elements) {
    if (m.email.endsWith("@sandbox.welink.dev") || skip.has(m.profileId)) continue;
    const p = await ada.profiles.get({ kind: "id", id: m.profileId });
    if (p.connection_status === "NOT_CONNECTED") {
      skip.add(m.profileId);
      return m;
    }
  }
  throw new Error("no stranger found");
}

beforeAll(async () => {
  h = await startHarness({ seed: 41, members: 400 });
  // These tests make many calls per minute; the burst rule is tested elsewhere.
  await h.control("settings", { burstRequestsPerMinute: 100_000 });
  ada = await clientFor("ada");
  grace = await clientFor("grace");
});
afterAll(async () => {
  await h?.close();
});

const used = new Set<string>();

describe("profiles", () => {
  it("reads a profile by URL as people paste it, and by id", async () => {
    const someone = await stranger(used);
    const byUrl = await ada.profiles.get(
      parseProfileUrl(`https://de.linkedin.com/in/${someone.publicIdentifier}/?trk=x`),
    );
    expect(byUrl.profile_id).toBe(someone.profileId);
    expect(byUrl.first_name).toBeTruthy();
    expect(byUrl.connection_status).toBe("NOT_CONNECTED");
    const byId = await ada.profiles.get({ kind: "id", id: someone.profileId });
    expect(byId.public_identifier).toBe(someone.publicIdentifier);
    const self = await ada.profiles.get({ kind: "id", id: ada.self.profileId });
    expect(self.connection_status).toBe("SELF");
  });

  it("PROFILE_NOT_FOUND, 404_PROFILE_ID", async () => {
    expect(await codeOf(ada.profiles.get({ kind: "vanity", vanity: "nobody-by-this-name-zz" }))).toBe(
      "PROFILE_NOT_FOUND",
    );
    expect(() => parseProfileUrl("https://example.com/in/someone")).toThrow(WelinkError);
    expect(() => parseProfileUrl("https://www.linkedin.com/company/acme")).toThrow(WelinkError);
  });

  it("contact info: hidden from a non-connection is CONTACT_INFO_FETCH_FAILED", async () => {
    const someone = await stranger(used);
    expect(await codeOf(ada.profiles.contactInfo({ kind: "id", id: someone.profileId }))).toBe(
      "CONTACT_INFO_FETCH_FAILED",
    );
  });
});

describe("connections", () => {
  it("lists ada's connections with paging", async () => {
    const first = await ada.connections.list(0, 40);
    expect(first.connections.length).toBe(40);
    expect(first.connections[0]?.profile_id).toMatch(/^ACoAA/);
    expect(first.next_start).toBe(40);
    const profile = await ada.profiles.get({ kind: "id", id: first.connections[0]!.profile_id });
    expect(profile.connection_status).toBe("CONNECTED");
  });
});

describe("invitations", () => {
  it("send, find (exactly-once check), pending, withdraw, not found, can't resend yet", async () => {
    const someone = await stranger(used);
    const sent = await ada.invitations.send(someone.profileId);
    expect(sent.invitation_id).toMatch(/^\d+$/);
    const found = await ada.invitations.findSent(someone.profileId);
    expect(found?.invitation_id).toBe(sent.invitation_id);
    const status = await ada.profiles.get({ kind: "id", id: someone.profileId });
    expect(status.connection_status).toBe("PENDING");
    expect(status.invitation?.invitation_id).toBe(sent.invitation_id);
    expect(await codeOf(ada.invitations.send(someone.profileId))).toBe("PENDING_INVITE");
    await ada.invitations.withdraw(sent.invitation_id);
    expect(await ada.invitations.findSent(someone.profileId)).toBeNull();
    expect(await codeOf(ada.invitations.withdraw(sent.invitation_id))).toBe("NO_INVITATION_FOUND");
    expect(await codeOf(ada.invitations.withdrawTo(someone.profileId))).toBe("INVITATION_ID_NOT_FOUND");
    expect(await codeOf(ada.invitations.send(someone.profileId))).toBe("CANT_RESEND_YET");
  });

  it("ALREADY_CONNECTED, CUSTOM_MESSAGE_TOO_LONG (free: 200), PROFILE_NOT_FOUND", async () => {
    const friend = (await ada.connections.list(0, 1)).connections[0]!;
    expect(await codeOf(ada.invitations.send(friend.profile_id))).toBe("ALREADY_CONNECTED");
    const someone = await stranger(used);
    expect(await codeOf(ada.invitations.send(someone.profileId, "x".repeat(201)))).toBe("CUSTOM_MESSAGE_TOO_LONG");
    expect(await codeOf(ada.invitations.send("ACoAAzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"))).toBe("PROFILE_NOT_FOUND");
  });

  it("received invitations: a member invites ada, ada sees it and accepts", async () => {
    const someone = await stranger(used);
    const member = (await h.control(`members/${someone.profileId}`)) as { email: string };
    const other = await clientFor(member.email);
    await other.invitations.send(ada.self.profileId, "Hello Ada");
    const received = await ada.invitations.received(0, 100);
    const inv = received.invitations.find((i) => i.profile_id === other.self.profileId);
    expect(inv).toBeDefined();
    expect(inv?.message).toBe("Hello Ada");
    await ada.invitations.reply(inv!.invitation_id, "accept");
    const p = await ada.profiles.get({ kind: "id", id: other.self.profileId });
    expect(p.connection_status).toBe("CONNECTED");
    expect(await codeOf(ada.invitations.reply(inv!.invitation_id, "ignore"))).toBe("NO_INVITATION_FOUND");
  });
});

describe("messaging", () => {
  it("lists ada's inbox and a thread's messages", async () => {
    const page = await ada.messaging.threads();
    expect(page.threads.length).toBeGreaterThan(0);
    const t = page.threads[0]!;
    expect(t.thread_id).toBeTruthy();
    const msgs = await ada.messaging.messages(t.thread_id);
    expect(msgs.messages.length).toBeGreaterThan(0);
    expect(msgs.messages[0]?.text).toBeTruthy();
  });

  it("sends to a connection, finds the message (exactly-once check), replies in the thread", async () => {
    const friend = (await ada.connections.list(0, 5)).connections[3]!;
    const before = Date.now() - 60_000;
    const sent = await ada.messaging.sendToProfile(friend.profile_id, "Hi from the driver test");
    expect(sent.thread_id).toBeTruthy();
    expect(sent.message_id).toBeTruthy();
    const found = await ada.messaging.findMessage(sent.thread_id, "Hi from the driver test", 0);
    expect(found?.message_id).toBe(sent.message_id);
    expect(await ada.messaging.findMessage(sent.thread_id, "never sent", before)).toBeNull();
    const again = await ada.messaging.sendToThread(sent.thread_id, "And a follow-up");
    expect(again.thread_id).toBe(sent.thread_id);
    const thread = await ada.messaging.findThreadWith(friend.profile_id);
    expect(thread?.thread_id).toBe(sent.thread_id);
    await h.control("messages/reply", {
      conversationUrn: ada.messaging.conversationUrn(sent.thread_id),
      from: friend.profile_id,
      text: "Got it",
    });
    const msgs = await ada.messaging.messages(sent.thread_id);
    expect(msgs.messages[0]?.text).toBe("Got it");
    expect(msgs.messages[0]?.sender_profile_id).toBe(friend.profile_id);
  });

  it("RECIPIENT_NOT_FIRST_DEGREE_CONNECTION, THREAD_VALIDATION_PLUGIN_ERROR, NOT_ENOUGH_INMAIL_CREDIT", async () => {
    const someone = await stranger(used);
    expect(await codeOf(ada.messaging.sendToProfile(someone.profileId, "hi"))).toBe(
      "RECIPIENT_NOT_FIRST_DEGREE_CONNECTION",
    );
    expect(await codeOf(ada.messaging.sendToThread("2-bm90LWEtdGhyZWFk", "hi"))).toBe("THREAD_VALIDATION_PLUGIN_ERROR");
    expect(await codeOf(ada.messaging.messages("2-bm90LWEtdGhyZWFk"))).toBe("THREAD_VALIDATION_PLUGIN_ERROR");
    expect(await codeOf(ada.messaging.sendToProfile(someone.profileId, "hi", { inMailSubject: "Hello" }))).toBe(
      "NOT_ENOUGH_INMAIL_CREDIT",
    );
  });

  it("InMail from Premium spends a credit", async () => {
    const credits = await grace.messaging.inmailCredits();
    expect(credits.credit_balance).toBeGreaterThan(0);
    const someone = await stranger(used);
    const sent = await grace.messaging.sendToProfile(someone.profileId, "An InMail", { inMailSubject: "Hello" });
    expect(sent.message_id).toBeTruthy();
    expect((await grace.messaging.inmailCredits()).credit_balance).toBe(credits.credit_balance - 1);
  });
});
