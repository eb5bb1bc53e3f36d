import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKey } from "../../src/api/key-admin.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { PERSONA_COMPANIES, PERSONA_EVENTS, PERSONA_GROUPS } from "../../src/sandbox/generator/index.ts";
import type { Member } from "../../src/sandbox/world/types.ts";
import { pgUrl } from "../support/pg.ts";
import { startTestWelink, type TestWelink } from "../support/welink.ts";
import { MATRIX } from "./data/matrix.ts";
import { MP4, PNG } from "./data/support.ts";
import { browserRecruiterLogin, generatedMembers, settle, settleMatching } from "./outreach/conformance-support.ts";
import { connectionsOf, type Json, memberOf, strangersOf, verified, worldOf } from "./outreach/support.ts";

/**
 * The conformance matrix: every code of the seed error model (and welink's own codes),
 * each produced through the public HTTP API by a sandbox scenario with its real cause, and
 * observed as the signed webhook's `status` (or the HTTP answer for synchronous ones). The
 * scenarios' descriptions live in ./data/matrix.ts, which also feeds docs/errors.md.
 * Where a rule counts in time (cooldowns, retries, queue timeouts) welink's clock is moved
 * ahead instead of sleeping; LinkedIn's limits are lowered through the settings control API
 * and restored after.
 */

const SEEDS = join(import.meta.dirname, "../../../shared/seeds");
const ADA = "ada@sandbox.welink.dev";
const GRACE = "grace@sandbox.welink.dev";
const LINUS = "linus@sandbox.welink.dev";
const MARGARET = "margaret@sandbox.welink.dev";
const ADMIN = "admin@sandbox.welink.dev";

/** Codes of the seed's tables, as test/errors/catalog.test.ts reads them. */
function seedCodes(): string[] {
  if (!existsSync(SEEDS)) return [];
  const codes = new Set<string>();
  for (const file of readdirSync(SEEDS).filter((f) => f.endsWith(".txt"))) {
    for (const line of readFileSync(join(SEEDS, file), "utf8").split("\n")) {
      const match = /^([0-9A-Z_]+?)(?=[A-Z][a-z])/.exec(line.trim());
      if (match?.[1] && /[A-Z].*[A-Z]/.test(match[1])) codes.add(match[1]);
    }
  }
  return [...codes];
}

interface Ctx {
  w: TestWelink;
  acc: Record<string, string>;
  gen: Record<string, Member>;
  defaults: Json;
  advance(ms: number): void;
  /** Enqueues, moves welink's clock ahead by `advanceMs` steps while waiting, returns the webhook status. */
  status(account: string, name: string, body: Json, advanceMs?: number): Promise<string>;
  /** Enqueues a login (no account yet) and returns its webhook status. */
  login(body: Json, advanceMs?: number): Promise<{ status: string; accountId: string; requestId: string }>;
  settings(values: Json): Promise<void>;
}

type Run = (c: Ctx) => Promise<string>;

/** A call with another key of the workspace. */
async function raw(c: Ctx, key: { apiKey: string; apiSecret: string }, name: string, body: Json) {
  const res = await fetch(`${c.w.base}/api/v1/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key.apiKey, "x-api-secret": key.apiSecret },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

/** The member logs in with a browser of their own; returns its li_at cookie. */
async function browserLogin(sandboxUrl: string, email: string): Promise<string> {
  const first = await fetch(`${sandboxUrl}/uas/authenticate`);
  const jsession = cookieOf(first.headers.getSetCookie(), "JSESSIONID");
  const login = await fetch(`${sandboxUrl}/uas/authenticate`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `JSESSIONID=${jsession}` },
    body: new URLSearchParams({
      session_key: email,
      session_password: "sandbox-password",
      JSESSIONID: jsession.replaceAll('"', ""),
    }),
  });
  const liAt = cookieOf(login.headers.getSetCookie(), "li_at");
  if (!liAt) throw new Error(`browser login of ${email}: ${login.status}`);
  return liAt;
}

function cookieOf(setCookies: string[], name: string): string {
  for (const line of setCookies) {
    const [pair] = line.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1);
  }
  return "";
}

/** A synchronous answer as "<HTTP status> <body status>". */
const http = (r: { status: number; body: Json }) => `${r.status} ${String(r.body.status)}`;

/**
 * One scenario per matrix row, in the order they run (some build on the one before:
 * PIN_REQUIRED then INVALID_PIN then ACCOUNT_NOT_ACTIVE; the Recruiter session codes).
 */
const RUNS: [code: string, run: Run, expected?: string][] = [
  // First, before other scenarios read profiles (each read is a view the member sees).
  ["NO_VIEWERS_FOUND", (c) => c.status("unviewed", "profile_views", {})],

  // Authentication and sessions.
  ["WRONG_PASSWORD", async (c) => (await c.login({ email: ADA, password: "not-her-password" })).status],
  ["ACCOUNT_RESTRICTED", async (c) => (await c.login({ email: "restricted@sandbox.welink.dev" })).status],
  ["BASIC_INFO_NOT_FOUND", async (c) => (await c.login({ email: "blank@sandbox.welink.dev" })).status],
  [
    "OWN_PROFILE_ID_NOT_FOUND",
    async (c) => {
      const m = c.gen.meless as Member;
      const fault = (await c.w.control("POST", "faults", { kind: "me_without_id", member: m.email })) as Json;
      try {
        return (await c.login({ email: m.email })).status;
      } finally {
        await c.w.control("DELETE", `faults/${fault.id}`);
      }
    },
  ],
  [
    "PROXY_ERROR",
    async (c) => {
      const port = Number(new URL(c.w.sandboxUrl).port);
      const proxy = { host: "127.0.0.1", port, protocol: "http", username: "u", password: "not-the-proxy-password" };
      return (await c.login({ email: (c.gen.proxied as Member).email, proxy }, 600_000)).status;
    },
  ],
  [
    "PIN_REQUIRED",
    async (c) => {
      const out = await c.login({ email: "pin@sandbox.welink.dev" });
      c.acc.pin = out.accountId;
      c.acc.pinRequest = out.requestId;
      return out.status;
    },
  ],
  ["INVALID_PIN", (c) => c.status("pin", "login_code", { code: "000000", requestId: c.acc.pinRequest })],
  [
    "ACCOUNT_NOT_ACTIVE",
    async (c) => http(await c.w.api("profile_views", { accountId: c.acc.pin })),
    "400 ACCOUNT_NOT_ACTIVE",
  ],
  [
    "SALES_SEAT_REQUIRED",
    (c) =>
      c.status("ada", "sales_navigator_search", {
        search_url: "https://www.linkedin.com/sales/search/people?keywords=founder",
      }),
  ],
  ["RECRUITER_LOGIN_SUBMISSION_FAILED", (c) => c.status("ada", "recruiter_contracts", {}, 600_000)],
  [
    "RECRUITER_AUTH_REQUIRED",
    async (c) => {
      expect(await c.status("margaret", "recruiter_inmail_credits", { contract_id: "5001" })).toBe("SUCCESS");
      await browserRecruiterLogin(c.w.sandboxUrl, MARGARET, "urn:li:ts_contract:5001");
      return c.status("margaret", "recruiter_inmail_credits", { contract_id: "5001" });
    },
  ],
  [
    "RECRUITER_ACKNOWLEDGEMENT_REQUIRED",
    // The browser's Recruiter session is still live: a new one from welink needs acknowledgement.
    (c) =>
      c.status("margaret", "recruiter_search", {
        contract_id: "5001",
        search_url: "https://www.linkedin.com/talent/search?keywords=engineer",
      }),
  ],

  // Rate limits and quotas.
  [
    "STATUS_429",
    async (c) => {
      await c.settings({ burstRequestsPerMinute: c.defaults.burstRequestsPerMinute });
      const targets = strangersOf(c.w, (c.gen.burst as Member).email, 70, 0);
      const acks = await Promise.all(
        targets.map((m) => c.w.api("get_profile_details", { accountId: c.acc.burst, profile_id: m.profileId })),
      );
      const ids = new Set(acks.map((a) => String(a.body.requestId)));
      try {
        // The cooldowns (5, 10, 20 min, …) pass on welink's clock; the first request of the
        // burst that runs out of attempts ends STATUS_429 (others may time out in the queue).
        const event = await settleMatching(
          c.w,
          (e) => ids.has(String(e.body.requestId)) && e.body.status === "STATUS_429",
          1_800_000,
          c.advance,
        );
        return String((await verified(c.w, event, { movedClock: true })).status);
      } finally {
        await c.w.api("disconnect_account", { accountId: c.acc.burst });
        await c.settings({ burstRequestsPerMinute: 100_000 });
      }
    },
  ],
  [
    "QUEUE_TIMEOUT_THRESHOLD_EXCEEDED",
    async (c) => {
      const set = await c.w.api("set_limits", {
        accountId: c.acc.queue,
        pacing: { min_gap_s: 3600, max_gap_s: 3600 },
      });
      expect(set.status).toBe(200);
      await c.w.api("connections", { accountId: c.acc.queue });
      return c.status("queue", "connections", { queue_timeout_s: 60 }, 30_000);
    },
  ],
  [
    "CANT_RESEND_YET",
    async (c) => {
      const [target] = strangersOf(c.w, ADA, 1, 206);
      expect(await c.status("ada", "connect", { profile_id: target?.profileId })).toBe("SUCCESS");
      expect(await c.status("ada", "withdraw_invite", { profile_id: target?.profileId })).toBe("SUCCESS");
      return c.status("ada", "connect", { profile_id: target?.profileId });
    },
  ],
  [
    "FUSE_LIMIT_EXCEEDED",
    async (c) => {
      const fuse = c.gen.fuse as Member;
      const sent = worldOf(c.w).invitations.sentThisWeek(fuse.memberId);
      await c.settings({ weeklyInvitesFree: sent + 1, silentDropZone: 0 });
      try {
        const [a, b] = strangersOf(c.w, fuse.email, 2, 0);
        expect(await c.status("fuse", "connect", { profile_id: a?.profileId })).toBe("SUCCESS");
        return await c.status("fuse", "connect", { profile_id: b?.profileId });
      } finally {
        await c.settings({
          weeklyInvitesFree: c.defaults.weeklyInvitesFree,
          silentDropZone: c.defaults.silentDropZone,
        });
      }
    },
  ],
  [
    "MAX_INVITATION_SENT",
    async (c) => {
      const world = worldOf(c.w);
      const me = memberOf(c.w, ADA).memberId;
      await c.settings({ maxConnectionsAndPending: world.graph.count(me) + world.invitations.sent(me).length });
      try {
        return await c.status("ada", "connect", { profile_id: strangersOf(c.w, ADA, 1, 207)[0]?.profileId });
      } finally {
        await c.settings({ maxConnectionsAndPending: c.defaults.maxConnectionsAndPending });
      }
    },
  ],
  [
    "CUSTOM_INVITE_LIMIT_REACHED",
    async (c) => {
      const notes = c.gen.notes as Member;
      const used = worldOf(c.w).invitations.notesThisMonth(notes.memberId);
      const targets = strangersOf(c.w, notes.email, 6 - used, 0);
      for (const t of targets.slice(0, 5 - used)) {
        expect(await c.status("notes", "connect", { profile_id: t.profileId, message: "Hello!" })).toBe("SUCCESS");
      }
      return c.status("notes", "connect", { profile_id: targets.at(-1)?.profileId, message: "One more" });
    },
  ],
  [
    "NOT_ENOUGH_INMAIL_CREDIT",
    (c) =>
      c.status("ada", "send_inmail_message", {
        profile_id: strangersOf(c.w, ADA, 1, 208)[0]?.profileId,
        subject: "Hello",
        message: "Hi",
      }),
  ],
  [
    "INSUFFICIENT_CREDITS",
    async (c) => {
      const world = worldOf(c.w);
      const page = PERSONA_COMPANIES.widgets;
      const friends = connectionsOf(c.w, ADMIN).filter((m) => !world.companies.isFollowing(m.memberId, page));
      await c.settings({ companyInviteCreditsPerMonth: 250 - world.companies.creditsLeft(page) + 1 });
      try {
        const body = (m: Member | undefined) => ({ company_id: String(page), profile_id: m?.profileId });
        expect(await c.status("admin", "invite_to_follow_company", body(friends[0]))).toBe("SUCCESS");
        return await c.status("admin", "invite_to_follow_company", body(friends[1]));
      } finally {
        await c.settings({ companyInviteCreditsPerMonth: c.defaults.companyInviteCreditsPerMonth });
      }
    },
  ],
  [
    "TOO_MANY_FOLLOWERS",
    (c) =>
      c.status("admin", "invite_to_follow_company", {
        company_id: String(PERSONA_COMPANIES.global),
        profile_id: connectionsOf(c.w, ADMIN)[2]?.profileId,
      }),
  ],

  // Connection requests.
  ["ALREADY_CONNECTED", (c) => c.status("ada", "connect", { profile_id: connectionsOf(c.w, ADA)[0]?.profileId })],
  [
    "PENDING_INVITE",
    (c) => {
      const world = worldOf(c.w);
      const inv = world.invitations.received(memberOf(c.w, ADA).memberId)[0];
      return c.status("ada", "connect", { profile_id: world.members.require(inv?.fromId ?? 0).profileId });
    },
  ],
  ["NOT_CONNECTED", (c) => c.status("ada", "disconnect", { profile_id: strangersOf(c.w, ADA, 1, 201)[0]?.profileId })],
  [
    "CUSTOM_MESSAGE_TOO_LONG",
    async (c) =>
      http(
        await c.w.api("connect", {
          accountId: c.acc.ada,
          profile_id: strangersOf(c.w, ADA, 1, 200)[0]?.profileId,
          message: "x".repeat(301),
        }),
      ),
    "400 CUSTOM_MESSAGE_TOO_LONG",
  ],
  ["NO_INVITATION_FOUND", (c) => c.status("ada", "withdraw_invite", { invitation_id: "7199999999" })],
  [
    "INVITATION_ID_NOT_FOUND",
    (c) => c.status("ada", "withdraw_invite", { profile_id: strangersOf(c.w, ADA, 1, 202)[0]?.profileId }),
  ],
  [
    "CANNOT_INVITE",
    (c) =>
      c.status("ada", "event_invite", {
        event_id: String(PERSONA_EVENTS.summit),
        profile_id: connectionsOf(c.w, ADA)[1]?.profileId,
      }),
  ],

  // Messaging.
  [
    "RECIPIENT_NOT_FIRST_DEGREE_CONNECTION",
    (c) =>
      c.status("ada", "send_message_to_profile_id", {
        profile_id: strangersOf(c.w, ADA, 1, 203)[0]?.profileId,
        message: "Hi",
      }),
  ],
  [
    "MESSAGE_VALIDATION_PLUGIN_ERROR",
    (c) =>
      c.status("linus", "send_sales_navigator_inmail", {
        profile_id: strangersOf(c.w, LINUS, 1, 204)[0]?.profileId,
        subject: "Hello",
        message: "Hi",
        sender_profile_id: memberOf(c.w, ADA).salesId,
      }),
  ],
  [
    "THREAD_VALIDATION_PLUGIN_ERROR",
    (c) => {
      const thread = worldOf(c.w).messaging.inbox(memberOf(c.w, LINUS).memberId)[0];
      return c.status("ada", "send_message_to_thread", { thread_id: thread?.id, message: "Hi" });
    },
  ],
  [
    "UNAUTHORIZED_VIEWER",
    (c) => {
      const group = worldOf(c.w).groups.get(PERSONA_GROUPS.builders);
      const outsider = strangersOf(c.w, ADA, 50, 205).find((m) => !group?.memberIds.has(m.memberId));
      return c.status("ada", "send_message_to_group_member", {
        group_id: String(group?.id),
        profile_id: outsider?.profileId,
        message: "Hi",
      });
    },
  ],
  [
    "DATAFETCHINGEXCEPTION",
    async (c) => {
      const world = worldOf(c.w);
      const me = memberOf(c.w, ADA).memberId;
      const group = world.groups.get(PERSONA_GROUPS.builders);
      const inbox = world.messaging.inbox(me);
      const otherId = [...(group?.memberIds ?? [])].find(
        (id) => id > 200_000 && !world.graph.areConnected(me, id) && !inbox.some((t) => t.participantIds.includes(id)),
      );
      const first = await c.w.call("send_message_to_group_member", {
        accountId: c.acc.ada,
        group_id: String(group?.id),
        profile_id: world.members.require(otherId ?? 0).profileId,
        message: "Hello, fellow builder",
      });
      const result = (await verified(c.w, first, { movedClock: true })).result as Json;
      return c.status("ada", "send_message_to_thread", { thread_id: result.thread_id, message: "Any news?" });
    },
  ],

  // Profiles and data.
  ["PROFILE_NOT_FOUND", (c) => c.status("ada", "get_profile_details", { public_identifier: "nobody-holds-this-x9" })],
  [
    "404_PROFILE_ID",
    (c) =>
      c.status("ada", "get_profile_details", {
        profile_url: "https://www.linkedin.com/company/analytical-engines/",
      }),
  ],
  [
    "CONTACT_INFO_FETCH_FAILED",
    (c) => {
      const hidden = strangersOf(c.w, ADA, 50, 0).find((m) => m.contactInfo.visibility !== "everyone");
      return c.status("ada", "get_profile_contact_details", { profile_id: hidden?.profileId });
    },
  ],
  ["NO_COMPANY_DATA", (c) => c.status("ada", "get_company_details", { company_id: String(PERSONA_COMPANIES.empty) })],
  [
    "NO_GROUP_DATA",
    (c) => {
      const world = worldOf(c.w);
      const me = memberOf(c.w, ADA).memberId;
      const ids = Array.from({ length: 100 }, (_, i) => PERSONA_GROUPS.builders + i);
      const other = ids.map((id) => world.groups.get(id)).find((g) => g && !g.memberIds.has(me));
      return c.status("ada", "get_group_details", { group_id: String(other?.id) });
    },
  ],
  [
    "TOTAL_COUNT_FAILED",
    async (c) => {
      const fault = (await c.w.control("POST", "faults", { kind: "total_count", member: GRACE })) as Json;
      try {
        return await c.status("grace", "profile_views", {}, 600_000);
      } finally {
        await c.w.control("DELETE", `faults/${fault.id}`);
      }
    },
  ],
  [
    "NO_CONNECTIONS_FOUND",
    async (c) => {
      const only = connectionsOf(c.w, (c.gen.lonely as Member).email)[0];
      expect(await c.status("lonely", "disconnect", { profile_id: only?.profileId })).toBe("SUCCESS");
      return c.status("lonely", "connections", {});
    },
  ],
  ["NO_INVITES_FOUND", (c) => c.status("linus", "pending_invites", {})],
  [
    "INVALID_COMPANY_URL",
    (c) => c.status("ada", "get_company_details", { company_url: "https://www.linkedin.com/feed/update/123" }),
  ],
  ["404_COMPANY", (c) => c.status("ada", "get_company_details", { company_id: "98765432" })],
  ["COMPANY_ID_NOT_FOUND", (c) => c.status("ada", "get_company_details", { company_id: "no-such-company-page" })],

  // Search.
  [
    "UNKNOWN_SEARCH_URL",
    async (c) => {
      const jobs = await c.status("ada", "search", { search_url: "https://www.linkedin.com/jobs/search/?keywords=x" });
      expect(jobs).toBe("UNKNOWN_SEARCH_URL");
      return c.status("ada", "search_groups", {
        search_url: "https://www.linkedin.com/search/results/people/?keywords=rust",
      });
    },
  ],

  // Content.
  ["NO_CONTENT_OR_MEDIA", (c) => c.status("ada", "create_post", { text: "   " })],
  [
    "MULTI_SELECTION_NOT_ALLOWED",
    (c) =>
      c.status("ada", "create_post", {
        text: "Two files",
        media: [
          { type: "video", base64: MP4 },
          { type: "image", base64: PNG },
        ],
      }),
  ],
  [
    "POST_MEDIA_STILL_PROCESSING",
    // welink's clock moves 20 s at a time: each run gives up after 60 s of it, well before
    // its lease could be reclaimed; the engine's retries follow, then the request fails.
    (c) => c.status("grace", "create_post", { text: "A film", media: [{ type: "video", base64: MP4 }] }, 20_000),
  ],
  [
    "MEDIA_UPLOAD_FAILED",
    async (c) => {
      await c.settings({ maxImageBytes: 16 });
      try {
        return await c.status("ada", "create_post", { text: "A diagram", media: [{ type: "image", base64: PNG }] });
      } finally {
        await c.settings({ maxImageBytes: c.defaults.maxImageBytes });
      }
    },
  ],
  [
    "NO_ACTIVITY_FOUND",
    (c) => c.status("ada", "comment_on_post", { post_id: "urn:li:activity:1000000001", text: "Nice" }),
  ],

  // Engagement.
  [
    "NO_SKILLS",
    async (c) => {
      const grace = memberOf(c.w, GRACE).profileId;
      expect(await c.status("ada", "endorse", { profile_id: grace, skills: ["Leadership"] })).toBe("SUCCESS");
      return c.status("ada", "endorse", { profile_id: grace, skills: ["Leadership"] });
    },
  ],
  [
    "NO_POSTS_TO_LIKE",
    (c) => {
      const quiet = connectionsOf(c.w, ADA).find((m) => worldOf(c.w).posts.by(m.memberId).length === 0);
      return c.status("ada", "like_posts", { profile_id: quiet?.profileId, count: 1 });
    },
  ],
  ["NO_PROFILES_TO_GREET", (c) => c.status("linus", "greet_profiles", { occasion: "all", message: "Hi" })],
  [
    "FORBIDDEN",
    (c) =>
      c.status("ada", "invite_to_follow_company", {
        company_id: String(PERSONA_COMPANIES.widgets),
        profile_id: connectionsOf(c.w, ADA)[2]?.profileId,
      }),
  ],
  [
    "BAD_REQUEST",
    async (c) => {
      const target = connectionsOf(c.w, ADA)[3]?.profileId;
      const first = await c.status("ada", "follow_profile", { profile_id: target, follow: true });
      expect(["SUCCESS", "BAD_REQUEST"]).toContain(first);
      return c.status("ada", "follow_profile", { profile_id: target, follow: true });
    },
  ],

  // Events.
  ["EVENT_NOT_FOUND", (c) => c.status("ada", "get_event_details", { event_id: "6999999999" })],
  [
    "EVENT_FETCH_FAILED",
    (c) => c.status("ada", "get_event_details", { event_id: String(PERSONA_EVENTS.dinner) }, 600_000),
  ],
  ["NO_EVENTS_FOUND", (c) => c.status("linus", "events", {})],

  // The gateway's synchronous refusals.
  ["INVALID_REQUEST", async (c) => http(await c.w.api("connect", { accountId: c.acc.ada })), "400 INVALID_REQUEST"],
  [
    "UNAUTHORIZED",
    async (c) => {
      const res = await fetch(`${c.w.base}/api/v1/get_all_ln_accounts`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": c.w.key.apiKey, "x-api-secret": "wrong" },
        body: "{}",
      });
      return http({ status: res.status, body: (await res.json()) as Json });
    },
    "401 UNAUTHORIZED",
  ],
  ["NOT_FOUND", async (c) => http(await c.w.api("no_such_endpoint", {})), "404 NOT_FOUND"],
  [
    "IDEMPOTENCY_KEY_REUSED",
    async (c) => {
      const key = { "Idempotency-Key": `matrix-${Date.now()}` };
      const first = await c.w.api("profile_views", { accountId: c.acc.linus }, key);
      expect(first.status).toBe(200);
      return http(await c.w.api("inmail_credits", { accountId: c.acc.linus }, key));
    },
    "400 IDEMPOTENCY_KEY_REUSED",
  ],
  [
    "IP_NOT_ALLOWED",
    async (c) => {
      const key = await createKey(c.w.welink.store, systemClock, {
        workspace: c.w.key.workspace,
        name: "office only",
        allowIps: ["10.0.0.0/8"],
      });
      return http(await raw(c, key, "get_all_ln_accounts", {}));
    },
    "401 IP_NOT_ALLOWED",
  ],
  [
    "ACTION_NOT_ALLOWED",
    async (c) => {
      const key = await createKey(c.w.welink.store, systemClock, {
        workspace: c.w.key.workspace,
        name: "profiles only",
        scopes: ["profiles"],
      });
      const allowed = await raw(c, key, "get_profile_details", {
        accountId: c.acc.linus,
        public_identifier: "grace-hopper",
      });
      expect(allowed.status).toBe(200);
      return http(await raw(c, key, "connect", { accountId: c.acc.linus, profile_id: "grace-hopper" }));
    },
    "401 ACTION_NOT_ALLOWED",
  ],
  [
    "RATE_LIMITED",
    async (c) => {
      // 100 action requests an hour per LinkedIn account (We-Link's window); the queue is
      // disconnected afterwards so none of them runs.
      const acks = await Promise.all(
        Array.from({ length: 101 }, () => c.w.api("inmail_credits", { accountId: c.acc.windowed })),
      );
      await c.w.api("disconnect_account", { accountId: c.acc.windowed });
      const refused = acks.filter((a) => a.status !== 200);
      expect(acks.filter((a) => a.status === 200).length).toBe(100);
      expect(Number(refused[0]?.body.retryAfter)).toBeGreaterThan(0);
      return refused.length === 1 ? http(refused[0] as { status: number; body: Json }) : `${refused.length} refused`;
    },
    "429 RATE_LIMITED",
  ],
  [
    "SESSION_EXPIRED",
    async (c) => {
      const m = c.gen.cookie as Member;
      const liAt = await browserLogin(c.w.sandboxUrl, m.email);
      const ack = await c.w.api("login_cookie", { li_at: liAt, proxy: { location: "US" } });
      expect(ack.status).toBe(200);
      const login = await settle(c.w, String(ack.body.requestId), 0, c.advance);
      expect(login.body.status).toBe("SUCCESS");
      c.acc.cookie = String(ack.body.accountId);
      await c.w.control("POST", "sessions/revoke", { member: m.email });
      return c.status("cookie", "profile_views", {});
    },
  ],
  [
    "LINKEDIN_SCHEMA_CHANGED",
    async (c) => {
      const fault = (await c.w.control("POST", "faults", {
        kind: "410",
        member: LINUS,
        path: "/voyager/api/identity/wvmpCards",
      })) as Json;
      try {
        return await c.status("linus", "profile_views", {});
      } finally {
        await c.w.control("DELETE", `faults/${fault.id}`);
      }
    },
  ],
  [
    "INTERNAL_ERROR",
    async (c) => {
      const fault = (await c.w.control("POST", "faults", { kind: "5xx", member: LINUS, status: 503 })) as Json;
      try {
        return await c.status("linus", "inmail_credits", {}, 600_000);
      } finally {
        await c.w.control("DELETE", `faults/${fault.id}`);
      }
    },
  ],
  [
    "ACCOUNT_DISCONNECTED",
    async (c) => {
      // Paced at one action an hour: the second request waits in the queue when the account goes.
      await c.w.api("set_limits", { accountId: c.acc.disco, pacing: { min_gap_s: 3600, max_gap_s: 3600 } });
      await c.w.api("connections", { accountId: c.acc.disco });
      const waiting = await c.w.api("connections", { accountId: c.acc.disco });
      expect((await c.w.api("disconnect_account", { accountId: c.acc.disco })).status).toBe(200);
      // Webhooks stop with the account: the outcome is read with get_response.
      const response = await c.w.api("get_response", { request_id: waiting.body.requestId });
      return String(response.body.status);
    },
  ],
];

describe("conformance matrix", () => {
  it("has a row for every seed code and a scenario for every row", () => {
    const rows = MATRIX.map((r) => r.code);
    const runs = RUNS.map(([code]) => code);
    const seeds = seedCodes();
    if (existsSync(SEEDS)) expect(seeds.length).toBeGreaterThan(50);
    expect(seeds.filter((code) => !rows.includes(code))).toEqual([]);
    expect([...runs].sort()).toEqual([...rows].sort());
    expect(new Set(rows).size).toBe(rows.length);
  });
});

describe.each([
  ["sqlite", true],
  ["postgres", Boolean(pgUrl())],
] as const)("conformance matrix on %s", (store, enabled) => {
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const c = {} as Ctx;

  beforeAll(async () => {
    if (!enabled) return;
    const w = await startTestWelink({ store, clock });
    const defaults = ((await w.control("GET", "settings")) as { world: Json }).world;
    await w.control("POST", "settings", { burstRequestsPerMinute: 100_000 });
    const world = worldOf(w);
    const gen: Record<string, Member> = {
      ...generatedMembers(world, [
        "fuse",
        "notes",
        "burst",
        "queue",
        "meless",
        "proxied",
        "disco",
        "windowed",
        "cookie",
      ]),
      lonely: generatedMembers(world, ["lonely"], 1).lonely as Member,
    };
    const unviewed = world.members.list.find(
      (m) =>
        m.memberId > 200_000 &&
        m.tier === "free" &&
        !m.restricted &&
        !m.needsPin &&
        world.profiles.viewers(m.memberId).length === 0 &&
        !Object.values(gen).includes(m),
    ) as Member;
    const acc: Record<string, string> = {};
    const emails: Record<string, string> = {
      ada: ADA,
      grace: GRACE,
      linus: LINUS,
      margaret: MARGARET,
      admin: ADMIN,
      fuse: gen.fuse?.email as string,
      notes: gen.notes?.email as string,
      burst: gen.burst?.email as string,
      queue: gen.queue?.email as string,
      lonely: gen.lonely?.email as string,
      disco: gen.disco?.email as string,
      windowed: gen.windowed?.email as string,
      unviewed: unviewed.email,
    };
    const ids = await Promise.all(Object.values(emails).map((e) => w.login(e)));
    Object.keys(emails).forEach((k, i) => {
      acc[k] = ids[i] as string;
    });
    for (const accountId of [acc.ada, acc.grace]) {
      await w.api("set_limits", { accountId, limits: { post: { day: 100 } } });
    }
    const advance = (ms: number) => {
      offset += ms;
    };
    Object.assign(c, {
      w,
      acc,
      gen,
      defaults,
      advance,
      async status(account: string, name: string, body: Json, advanceMs = 0) {
        const ack = await w.api(name, { accountId: acc[account], ...body });
        if (ack.status !== 200) return http(ack);
        const event = await settle(w, String(ack.body.requestId), advanceMs, advance);
        return String((await verified(w, event, { movedClock: true })).status);
      },
      async login(body: Json, advanceMs = 0) {
        const ack = await w.api("login_v2", { password: "sandbox-password", proxy: { location: "US" }, ...body });
        expect(ack.status, JSON.stringify(ack.body)).toBe(200);
        const event = await settle(w, String(ack.body.requestId), advanceMs, advance);
        const payload = await verified(w, event, { movedClock: true });
        return {
          status: String(payload.status),
          accountId: String(ack.body.accountId),
          requestId: String(ack.body.requestId),
        };
      },
      async settings(values: Json) {
        await w.control("POST", "settings", values);
      },
    } satisfies Ctx);
  }, 120_000);
  afterAll(async () => {
    await c.w?.close();
  });

  for (const [code, run, expected] of RUNS) {
    const row = MATRIX.find((r) => r.code === code);
    it.runIf(enabled)(
      `${code}: ${row?.scenario ?? "(no row)"}`,
      async () => {
        expect(await run(c)).toBe(expected ?? code);
      },
      60_000,
    );
  }
});
