import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONA_COMPANIES, PERSONA_EVENTS, PERSONA_GROUPS } from "../../src/sandbox/generator/index.ts";
import type { Member } from "../../src/sandbox/world/types.ts";
import { pgUrl } from "../support/pg.ts";
import type { Received } from "../support/receiver.ts";
import { startTestWelink, type TestWelink } from "../support/welink.ts";
import { browserRecruiterLogin, generatedMembers, settle, settleMatching } from "./outreach/conformance-support.ts";
import { connectionsOf, type Json, memberOf, strangersOf, verified, worldOf } from "./outreach/support.ts";

/**
 * The conformance table of the outreach codes: for each seed code of the connection-request,
 * messaging, rate-limit-and-quota, event-and-company and Recruiter/Sales Navigator groups
 * (plus the data codes of the same endpoints), a scenario that makes the sandbox LinkedIn
 * refuse for the reason LinkedIn would, through the public API, with the signed webhook's
 * `status` equal to the code. No fault is injected: every code comes from a rule. Where a
 * rule counts in time (weekly limit, 429 cooldowns, queue timeouts) welink's clock is moved
 * ahead instead of sleeping; LinkedIn's limits are lowered through the settings control API.
 */
const ADA = "ada@sandbox.welink.dev";
const LINUS = "linus@sandbox.welink.dev";
const MARGARET = "margaret@sandbox.welink.dev";
const ADMIN = "admin@sandbox.welink.dev";

let offset = 0;
const clock = { now: () => Date.now() + offset };

describe.each([
  ["sqlite", true],
  ["postgres", Boolean(pgUrl())],
] as const)("outreach conformance table on %s", (store, enabled) => {
  let w: TestWelink;
  const acc: Record<string, string> = {};
  const gen: Record<string, Member> = {};
  let defaults: Json;

  /** Enqueues, lets welink's clock run ahead when asked, and returns the webhook status. */
  async function statusOf(account: string, name: string, body: Json, advanceMs = 0): Promise<string> {
    const ack = await w.api(name, { accountId: acc[account], ...body });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    const event = await settle(w, String(ack.body.requestId), advanceMs, (ms) => {
      offset += ms;
    });
    const payload = await verified(w, event, { movedClock: true });
    return String(payload.status);
  }

  /** Waits for the first webhook matching, moving welink's clock ahead as `statusOf` does. */
  function settleAny(w: TestWelink, match: (e: Received) => boolean, advanceMs: number): Promise<Received> {
    return settleMatching(w, match, advanceMs, (ms) => {
      offset += ms;
    });
  }

  async function settings(values: Json): Promise<void> {
    await w.control("POST", "settings", values);
  }

  beforeAll(async () => {
    if (!enabled) return;
    w = await startTestWelink({ store, clock });
    defaults = ((await w.control("GET", "settings")) as { world: Json }).world;
    await settings({ burstRequestsPerMinute: 100_000 });
    const picked = generatedMembers(worldOf(w), ["fuse", "drop", "notes", "burst", "queue"]);
    Object.assign(gen, picked, { lonely: generatedMembers(worldOf(w), ["lonely"], 1).lonely });
    const emails: Record<string, string> = { ada: ADA, linus: LINUS, margaret: MARGARET, admin: ADMIN };
    for (const [k, m] of Object.entries(gen)) emails[k] = m.email;
    const ids = await Promise.all(Object.values(emails).map((e) => w.login(e)));
    Object.keys(emails).forEach((k, i) => {
      acc[k] = ids[i]!;
    });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  const t = (code: string, scenario: () => Promise<string>) =>
    it.runIf(enabled)(code, async () => expect(await scenario()).toBe(code), 60_000);

  // Connection requests.
  t("ALREADY_CONNECTED", () => statusOf("ada", "connect", { profile_id: connectionsOf(w, ADA)[0]!.profileId }));
  t("PENDING_INVITE", () => {
    // Someone invited ada and she has not answered: LinkedIn refuses an invitation back.
    const inv = worldOf(w).invitations.received(memberOf(w, ADA).memberId)[0]!;
    return statusOf("ada", "connect", { profile_id: worldOf(w).members.require(inv.fromId).profileId });
  });
  t("CUSTOM_MESSAGE_TOO_LONG", async () => {
    const [target] = strangersOf(w, ADA, 1, 100);
    // Over 300 characters is refused at the door; 201–300 only on a free account, by LinkedIn.
    const door = await w.api("connect", {
      accountId: acc.ada,
      profile_id: target!.profileId,
      message: "x".repeat(301),
    });
    expect(door.status).toBe(400);
    expect(door.body.status).toBe("CUSTOM_MESSAGE_TOO_LONG");
    return statusOf("ada", "connect", { profile_id: target!.profileId, message: "y".repeat(250) });
  });
  t("NOT_CONNECTED", () => statusOf("ada", "disconnect", { profile_id: strangersOf(w, ADA, 1, 101)[0]!.profileId }));
  t("NO_INVITATION_FOUND", () => statusOf("ada", "withdraw_invite", { invitation_id: "7199999999" }));
  t("INVITATION_ID_NOT_FOUND", () =>
    statusOf("ada", "withdraw_invite", { profile_id: strangersOf(w, ADA, 1, 102)[0]!.profileId }),
  );
  t("CANNOT_INVITE", () =>
    // The organizer of the Summit disabled invitations; ada attends it.
    statusOf("ada", "event_invite", {
      event_id: String(PERSONA_EVENTS.summit),
      profile_id: connectionsOf(w, ADA)[1]!.profileId,
    }),
  );
  t("PROFILE_NOT_FOUND", () => statusOf("ada", "connect", { profile_id: "ACoAAZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ" }));
  t("404_PROFILE_ID", () =>
    statusOf("ada", "get_connection_status", { profile_url: "https://www.linkedin.com/company/not-a-profile/" }),
  );

  // Messaging.
  t("RECIPIENT_NOT_FIRST_DEGREE_CONNECTION", () =>
    statusOf("ada", "send_message_to_profile_id", {
      profile_id: strangersOf(w, ADA, 1, 103)[0]!.profileId,
      message: "Hi",
    }),
  );
  t("MESSAGE_VALIDATION_PLUGIN_ERROR", () => {
    const [target] = strangersOf(w, LINUS, 1, 104);
    // The sender id must be linus's own Sales Navigator identity; ada's is not.
    return statusOf("linus", "send_sales_navigator_inmail", {
      profile_id: target!.profileId,
      subject: "Hello",
      message: "Hi",
      sender_profile_id: memberOf(w, ADA).salesId,
    });
  });
  t("THREAD_VALIDATION_PLUGIN_ERROR", () => {
    // A conversation of linus's, not one of ada's.
    const thread = worldOf(w).messaging.inbox(memberOf(w, LINUS).memberId)[0]!;
    return statusOf("ada", "send_message_to_thread", { thread_id: thread.id, message: "Hi" });
  });
  t("UNAUTHORIZED_VIEWER", () => {
    const world = worldOf(w);
    const group = world.groups.get(PERSONA_GROUPS.builders)!;
    const outsider = strangersOf(w, ADA, 50, 105).find((m) => !group.memberIds.has(m.memberId))!;
    return statusOf("ada", "send_message_to_group_member", {
      group_id: String(group.id),
      profile_id: outsider.profileId,
      message: "Hi",
    });
  });
  t("DATAFETCHINGEXCEPTION", async () => {
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const group = world.groups.get(PERSONA_GROUPS.builders)!;
    const inbox = world.messaging.inbox(me);
    const otherId = [...group.memberIds].find(
      (id) => id > 200_000 && !world.graph.areConnected(me, id) && !inbox.some((th) => th.participantIds.includes(id)),
    )!;
    const first = await w.call("send_message_to_group_member", {
      accountId: acc.ada,
      group_id: String(group.id),
      profile_id: world.members.require(otherId).profileId,
      message: "Hello, fellow builder",
    });
    const result = (await verified(w, first, { movedClock: true })).result as Json;
    // The message request is not accepted yet: a follow-up in its thread is refused.
    return statusOf("ada", "send_message_to_thread", { thread_id: result.thread_id, message: "Any news?" });
  });

  // Rate limits and quotas.
  t("CANT_RESEND_YET", async () => {
    const [target] = strangersOf(w, ADA, 1, 106);
    expect(await statusOf("ada", "connect", { profile_id: target!.profileId })).toBe("SUCCESS");
    expect(await statusOf("ada", "withdraw_invite", { profile_id: target!.profileId })).toBe("SUCCESS");
    return statusOf("ada", "connect", { profile_id: target!.profileId });
  });
  t("CUSTOM_INVITE_LIMIT_REACHED", async () => {
    // A free account may add a note to 5 invitations a calendar month.
    const world = worldOf(w);
    const used = world.invitations.notesThisMonth(gen.notes!.memberId);
    const targets = strangersOf(w, gen.notes!.email, 6 - used, 0);
    for (const target of targets.slice(0, 5 - used)) {
      expect(await statusOf("notes", "connect", { profile_id: target.profileId, message: "Hello!" })).toBe("SUCCESS");
    }
    return statusOf("notes", "connect", { profile_id: targets.at(-1)!.profileId, message: "One more" });
  });
  t("MAX_INVITATION_SENT", async () => {
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const held = world.graph.count(me) + world.invitations.sent(me).length;
    await settings({ maxConnectionsAndPending: held });
    try {
      return await statusOf("ada", "connect", { profile_id: strangersOf(w, ADA, 1, 107)[0]!.profileId });
    } finally {
      await settings({ maxConnectionsAndPending: defaults.maxConnectionsAndPending });
    }
  });
  t("FUSE_LIMIT_EXCEEDED", async () => {
    // The weekly allowance, lowered to what this free member already sent this week.
    const sent = worldOf(w).invitations.sentThisWeek(gen.fuse!.memberId);
    await settings({ weeklyInvitesFree: sent + 1, silentDropZone: 0 });
    try {
      const [a, b] = strangersOf(w, gen.fuse!.email, 2, 0);
      expect(await statusOf("fuse", "connect", { profile_id: a!.profileId })).toBe("SUCCESS");
      return await statusOf("fuse", "connect", { profile_id: b!.profileId });
    } finally {
      await settings({ weeklyInvitesFree: defaults.weeklyInvitesFree, silentDropZone: defaults.silentDropZone });
    }
  });
  t("FUSE_LIMIT_EXCEEDED", async () => {
    // Near the weekly limit LinkedIn answers some invitations with success but drops them:
    // the sent-list check after the send turns that into FUSE_LIMIT_EXCEEDED.
    const world = worldOf(w);
    const id = gen.drop!.memberId;
    await settings({ weeklyInvitesFree: world.invitations.sentThisWeek(id) + 3, silentDropZone: 1 });
    try {
      const targets = strangersOf(w, gen.drop!.email, 3, 0);
      for (const target of targets) {
        const status = await statusOf("drop", "connect", { profile_id: target.profileId });
        if (status !== "SUCCESS") {
          expect(world.counters.of(id).invitationsDropped).toBe(1);
          expect(world.invitations.pendingBetween(id, target.memberId)).toBeUndefined();
          return status;
        }
      }
      return "no invitation was dropped";
    } finally {
      await settings({ weeklyInvitesFree: defaults.weeklyInvitesFree, silentDropZone: defaults.silentDropZone });
    }
  });
  t("NOT_ENOUGH_INMAIL_CREDIT", () =>
    // ada's free account has no InMail credits.
    statusOf("ada", "send_inmail_message", {
      profile_id: strangersOf(w, ADA, 1, 108)[0]!.profileId,
      subject: "Hello",
      message: "Hi",
    }),
  );
  t("INSUFFICIENT_CREDITS", async () => {
    const world = worldOf(w);
    const page = PERSONA_COMPANIES.widgets;
    const friends = connectionsOf(w, ADMIN).filter((m) => !world.companies.isFollowing(m.memberId, page));
    // One credit left this month: the first invitation spends it, the second finds none.
    await settings({ companyInviteCreditsPerMonth: 250 - world.companies.creditsLeft(page) + 1 });
    try {
      const body = (m: Member) => ({ company_id: String(page), profile_id: m.profileId });
      expect(await statusOf("admin", "invite_to_follow_company", body(friends[0]!))).toBe("SUCCESS");
      return await statusOf("admin", "invite_to_follow_company", body(friends[1]!));
    } finally {
      await settings({ companyInviteCreditsPerMonth: defaults.companyInviteCreditsPerMonth });
    }
  });
  t("TOO_MANY_FOLLOWERS", () =>
    statusOf("admin", "invite_to_follow_company", {
      company_id: String(PERSONA_COMPANIES.global),
      profile_id: connectionsOf(w, ADMIN)[2]!.profileId,
    }),
  );
  t("FORBIDDEN", () =>
    // Only a page's admins may invite people to follow it.
    statusOf("ada", "invite_to_follow_company", {
      company_id: String(PERSONA_COMPANIES.widgets),
      profile_id: connectionsOf(w, ADA)[2]!.profileId,
    }),
  );
  t("STATUS_429", async () => {
    // More than 60 requests in a minute from one member: LinkedIn answers 429 for 5 minutes
    // of its time. welink cools the account down and retries; its clock is moved through the
    // cooldowns until the request gives up. The rest of the queue is cancelled afterwards.
    await settings({ burstRequestsPerMinute: defaults.burstRequestsPerMinute });
    const targets = strangersOf(w, gen.burst!.email, 70, 0);
    const acks = await Promise.all(
      // A year's queue threshold: the cooldowns, not the queue timeout, must end these.
      targets.map((m) =>
        w.api("get_connection_status", { accountId: acc.burst, profile_id: m.profileId, queue_timeout_s: 31_536_000 }),
      ),
    );
    const ids = new Set(acks.map((a) => String(a.body.requestId)));
    try {
      const event = await settleAny(
        w,
        (e) => ids.has(String(e.body.requestId)) && e.body.status !== "SUCCESS",
        3_600_000,
      );
      expect(worldOf(w).pushback.blockedUntil(gen.burst!.memberId)).toBeDefined();
      return String((await verified(w, event, { movedClock: true })).status);
    } finally {
      await w.api("disconnect_account", { accountId: acc.burst });
      await settings({ burstRequestsPerMinute: 100_000 });
    }
  });
  t("QUEUE_TIMEOUT_THRESHOLD_EXCEEDED", async () => {
    // Paced one action an hour, the second request waits longer than its 60 s threshold.
    const set = await w.api("set_limits", { accountId: acc.queue, pacing: { min_gap_s: 3600, max_gap_s: 3600 } });
    expect(set.status).toBe(200);
    await w.api("connections", { accountId: acc.queue });
    return statusOf("queue", "connections", { queue_timeout_s: 60 }, 30_000);
  });

  // Events, companies and groups.
  t("EVENT_NOT_FOUND", () => statusOf("ada", "get_event_details", { event_id: "6999999999" }));
  t("EVENT_FETCH_FAILED", () =>
    // A private event ada is not part of; the code is retryable, so welink tries a few times.
    statusOf("ada", "get_event_details", { event_id: String(PERSONA_EVENTS.dinner) }, 600_000),
  );
  t("NO_EVENTS_FOUND", () => statusOf("linus", "events", {}));
  t("INVALID_COMPANY_URL", () =>
    statusOf("ada", "get_company_details", { company_url: "https://www.linkedin.com/feed/update/123" }),
  );
  t("404_COMPANY", () => statusOf("ada", "get_company_details", { company_id: "98765432" }));
  t("COMPANY_ID_NOT_FOUND", () => statusOf("ada", "get_company_details", { company_id: "no-such-company-page" }));
  t("NO_COMPANY_DATA", () => statusOf("ada", "get_company_details", { company_id: String(PERSONA_COMPANIES.empty) }));
  t("NO_GROUP_DATA", () => {
    // A group ada is not a member of.
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const ids = Array.from({ length: 100 }, (_, i) => PERSONA_GROUPS.builders + i);
    const other = ids.map((id) => world.groups.get(id)).find((g) => g && !g.memberIds.has(me))!;
    return statusOf("ada", "get_group_details", { group_id: String(other.id) });
  });

  // Empty lists.
  t("NO_INVITES_FOUND", () => statusOf("linus", "pending_invites", {}));
  t("NO_INVITES_FOUND", () => statusOf("linus", "received_invites", {}));
  t("NO_PROFILES_TO_GREET", () => statusOf("linus", "greet_profiles", { occasion: "all", message: "Hi" }));
  t("NO_CONNECTIONS_FOUND", async () => {
    const only = connectionsOf(w, gen.lonely!.email)[0]!;
    expect(await statusOf("lonely", "disconnect", { profile_id: only.profileId })).toBe("SUCCESS");
    return statusOf("lonely", "connections", {});
  });

  // Sales Navigator and Recruiter seats and sessions.
  t("SALES_SEAT_REQUIRED", () => statusOf("ada", "sales_navigator_threads", {}));
  t("RECRUITER_LOGIN_SUBMISSION_FAILED", () =>
    // ada has no Recruiter seat; welink retries the login step a few times before giving up.
    statusOf("ada", "recruiter_contracts", {}, 600_000),
  );
  t("RECRUITER_AUTH_REQUIRED", async () => {
    expect(await statusOf("margaret", "recruiter_inmail_credits", { contract_id: "5001" })).toBe("SUCCESS");
    // margaret opens Recruiter in her browser and chooses "continue here": welink's session is gone.
    await browserRecruiterLogin(w.sandboxUrl, MARGARET, "urn:li:ts_contract:5001");
    return statusOf("margaret", "recruiter_inmail_credits", { contract_id: "5001" });
  });
  t("RECRUITER_ACKNOWLEDGEMENT_REQUIRED", () =>
    // The browser's Recruiter session is live: a new one from welink needs acknowledgement.
    statusOf("margaret", "recruiter_inmail_credits", { contract_id: "5001" }),
  );
});
