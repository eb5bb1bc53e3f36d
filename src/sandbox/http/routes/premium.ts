/**
 * Sales Navigator (`/sales-api/`) and Recruiter (`/talent/api/`), sandbox-protocol.md §11.
 * Both answer plain JSON whatever the accept, as their own front ends do. Sales Navigator
 * needs a seat on every call; Recruiter needs its own login step, and only one Recruiter
 * session of a member is alive at a time (`li_rt` cookie).
 */

import { randomBytes } from "node:crypto";
import { refuse } from "../../world/refusal.ts";
import type { PeopleFilters } from "../../world/search.ts";
import type { Member, Thread } from "../../world/types.ts";
import { plain } from "../answer.ts";
import { type Ctx, jsonBody, param, viewer } from "../context.ts";
import { badRequest } from "../query.ts";
import { isRecord, parseRestli, type RestliValue, str } from "../restli.ts";
import type { Family } from "../router.ts";
import { urnNumber } from "./lookup.ts";

function seat(ctx: Ctx): Member {
  const me = viewer(ctx);
  if (me.tier !== "sales_navigator") refuse("SALES_SEAT_REQUIRED", "no Sales Navigator seat", 403);
  return me;
}

const authToken = (m: Member) => (m.memberId * 7919).toString(36).slice(-4);
const leadUrn = (m: Member) => `urn:li:fs_salesProfile:(${m.salesId},NAME_SEARCH,${authToken(m)})`;
const degreeOf = (ctx: Ctx, me: Member, m: Member) => ctx.world.graph.degree(me.memberId, m.memberId);

function salesMember(ctx: Ctx, ref: string): Member {
  const m = /^(?:urn:li:fs_salesProfile:\()?(ACwAA[A-Za-z0-9_-]+)/.exec(ref);
  if (!m) throw badRequest(`not a Sales Navigator profile: ${ref}`);
  return ctx.world.members.bySalesId(m[1] as string) ?? refuse("PROFILE_NOT_FOUND", `no lead ${ref}`, 404);
}

function lead(ctx: Ctx, me: Member, m: Member) {
  return {
    $type: "com.linkedin.sales.search.DecoratedPeopleSearchHit",
    entityUrn: leadUrn(m),
    objectUrn: `urn:li:member:${m.memberId}`,
    firstName: m.firstName,
    lastName: m.lastName,
    fullName: `${m.firstName} ${m.lastName}`,
    headline: m.headline,
    location: m.location,
    degree: degreeOf(ctx, me, m),
    pendingInvitation: ctx.world.invitations.pendingBetween(me.memberId, m.memberId) !== undefined,
    currentPositions: [
      { title: m.title, companyName: m.companyName, companyUrn: `urn:li:fs_salesCompany:${m.companyId}` },
    ],
    flagshipProfileUrl: `${ctx.base}/in/${m.publicIdentifier}`,
  };
}

function salesProfile(ctx: Ctx) {
  const me = seat(ctx);
  let key: RestliValue;
  try {
    key = parseRestli(param(ctx, 0));
  } catch {
    throw badRequest("the key is (profileId:…,authType:…,authToken:…)");
  }
  const id = str(key, "profileId");
  if (!id) throw badRequest("profileId is required");
  return plain(lead(ctx, me, salesMember(ctx, id)));
}

/** Sales Navigator / Recruiter search filters → the world's people filters. */
const FILTER_KEYS: Record<string, keyof PeopleFilters> = {
  REGION: "geoUrn",
  CURRENT_COMPANY: "currentCompany",
  PAST_COMPANY: "pastCompany",
  INDUSTRY: "industry",
  SCHOOL: "schools",
  RELATIONSHIP: "network",
  TITLE: "title",
  FIRST_NAME: "firstName",
  LAST_NAME: "lastName",
};

export function leadFilters(query: RestliValue | undefined): PeopleFilters {
  if (query === undefined) return {};
  if (!isRecord(query)) throw badRequest("query must be a record");
  const filters: PeopleFilters = {};
  const keywords = str(query, "keywords");
  if (keywords) filters.keywords = keywords;
  const list = query.filters ?? [];
  if (!Array.isArray(list)) throw badRequest("filters must be a List");
  for (const f of list) {
    const type = isRecord(f) ? str(f, "type") : undefined;
    const key = type ? FILTER_KEYS[type] : undefined;
    if (!isRecord(f) || !key) throw badRequest(`unknown filter ${type ?? "?"}`);
    const values = Array.isArray(f.values) ? f.values : [];
    const ids = values.map((v) => (isRecord(v) ? (str(v, "id") ?? str(v, "text")) : undefined));
    if (ids.some((v) => v === undefined)) throw badRequest(`filter ${type} values are (id:…) or (text:…)`);
    const vals = ids as string[];
    if (key === "title" || key === "firstName" || key === "lastName") filters[key] = vals.join(" ");
    else (filters as Record<string, string[]>)[key] = vals;
  }
  return filters;
}

function leadSearch(ctx: Ctx) {
  const me = seat(ctx);
  const start = ctx.query.int("start", 0);
  const count = ctx.query.int("count", 25);
  const page = ctx.world.search.salesNavigator(me.memberId, leadFilters(ctx.query.restli("query")), { start, count });
  return plain({
    elements: page.elements.map((hit) => lead(ctx, me, hit.member)),
    paging: { start: page.start, count: page.count, total: page.total },
  });
}

function salesThread(ctx: Ctx, me: Member, t: Thread) {
  const last = t.messages[t.messages.length - 1];
  return {
    id: t.id,
    participants: t.participantIds.map((id) => leadUrn(ctx.world.members.require(id))),
    lastActivityAt: t.lastActivityAt,
    subject: t.messages.find((m) => m.subject !== null)?.subject ?? null,
    unread: !t.readBy.includes(me.memberId),
    messages: last ? [salesMessage(ctx, last)] : [],
  };
}

function salesMessage(ctx: Ctx, m: Thread["messages"][number]) {
  return {
    id: String(m.id),
    author: leadUrn(ctx.world.members.require(m.senderId)),
    body: m.text,
    subject: m.subject,
    deliveredAt: m.sentAt,
  };
}

function salesThreads(ctx: Ctx) {
  const me = seat(ctx);
  const all = ctx.world.messaging.inbox(me.memberId, ["sales_navigator"]);
  const start = ctx.query.int("start", 0);
  const count = Math.min(ctx.query.int("count", 20), 100);
  return plain({
    elements: all.slice(start, start + count).map((t) => salesThread(ctx, me, t)),
    paging: { start, count, total: all.length },
  });
}

function salesThreadOf(ctx: Ctx, me: Member, threadId: string): Thread {
  const t = ctx.world.messaging.view(me.memberId, threadId);
  if (t.kind !== "sales_navigator") refuse("THREAD_VALIDATION_PLUGIN_ERROR", "not a Sales Navigator thread");
  return t;
}

function salesMessages(ctx: Ctx) {
  const me = seat(ctx);
  const t = salesThreadOf(ctx, me, param(ctx, 0));
  const newestFirst = [...t.messages].reverse();
  const start = ctx.query.int("start", 0);
  const count = Math.min(ctx.query.int("count", 20), 100);
  return plain({
    elements: newestFirst.slice(start, start + count).map((m) => salesMessage(ctx, m)),
    paging: { start, count, total: newestFirst.length },
  });
}

async function salesSend(ctx: Ctx) {
  const me = seat(ctx);
  const body = await jsonBody(ctx);
  const text = typeof body.body === "string" ? body.body : "";
  const subject = typeof body.subject === "string" ? body.subject : null;
  const senderId = typeof body.senderId === "string" ? body.senderId : me.salesId;
  const { messaging } = ctx.world;
  let sent: ReturnType<typeof messaging.reply>;
  if (typeof body.threadId === "string") {
    if (senderId !== me.salesId) refuse("MESSAGE_VALIDATION_PLUGIN_ERROR", "invalid Sales Navigator sender id");
    salesThreadOf(ctx, me, body.threadId);
    sent = messaging.reply(me.memberId, body.threadId, text);
  } else {
    const recipients = body.recipients;
    if (!Array.isArray(recipients) || typeof recipients[0] !== "string") throw badRequest("recipients is required");
    const to = salesMember(ctx, recipients[0]);
    sent = messaging.sendSalesNavigator(me.memberId, senderId, to.memberId, subject, text);
  }
  return plain({
    value: { threadId: sent.thread.id, messageId: String(sent.message.id), deliveredAt: sent.message.sentAt },
  });
}

function credits(ctx: Ctx, me: Member) {
  const now = new Date(ctx.world.now());
  return plain({
    creditBalance: ctx.world.credits.available(me.memberId),
    nextRefreshDate: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
  });
}

// ---- Recruiter ----

function recruiterSeat(ctx: Ctx): Member {
  const me = viewer(ctx);
  if (me.tier !== "recruiter") refuse("RECRUITER_LOGIN_SUBMISSION_FAILED", "no Recruiter seat", 403);
  return me;
}

/** The Recruiter session behind `li_rt`, or RECRUITER_AUTH_REQUIRED. */
function recruiter(ctx: Ctx): Member {
  const me = viewer(ctx);
  const token = ctx.cookies.li_rt;
  const liAt = token ? ctx.state.recruiterTokens.get(token) : undefined;
  if (!liAt || liAt !== ctx.session?.liAt) refuse("RECRUITER_AUTH_REQUIRED", "no Recruiter session", 401);
  ctx.world.sessions.requireRecruiter(liAt);
  return me;
}

function contracts(ctx: Ctx) {
  const me = recruiterSeat(ctx);
  return plain({
    elements: me.recruiterContracts.map((c) => ({
      contractUrn: `urn:li:ts_contract:${c.id}`,
      name: c.name,
      category: "RECRUITER",
      ssoEnabled: false,
    })),
  });
}

async function recruiterLogin(ctx: Ctx) {
  const me = recruiterSeat(ctx);
  const body = await jsonBody(ctx);
  if (typeof body.contractUrn !== "string") throw badRequest("contractUrn is required");
  const contractId = urnNumber(body.contractUrn, "ts_contract");
  if (!me.recruiterContracts.some((c) => c.id === contractId)) {
    refuse("RECRUITER_LOGIN_SUBMISSION_FAILED", "not a contract of this seat", 403);
  }
  const liAt = ctx.session?.liAt as string;
  ctx.world.sessions.startRecruiter(liAt, body.acknowledgeExistingSession === true);
  const token = randomBytes(18).toString("base64url");
  ctx.state.recruiterTokens.set(token, liAt);
  return plain({ value: { contractUrn: body.contractUrn } }, 200, {
    "set-cookie": `li_rt=${token}; Path=/talent; HttpOnly`,
  });
}

function talentMember(ctx: Ctx, ref: string): Member {
  const m = /(AEMAA[A-Za-z0-9_-]+)/.exec(ref);
  if (!m) throw badRequest(`not a Recruiter profile: ${ref}`);
  return ctx.world.members.byRecruiterId(m[1] as string) ?? refuse("PROFILE_NOT_FOUND", `no member ${ref}`, 404);
}

function talentProfile(ctx: Ctx, m: Member) {
  return {
    entityUrn: `urn:li:ts_profile:${m.recruiterId}`,
    firstName: m.firstName,
    lastName: m.lastName,
    headline: m.headline,
    location: m.location,
    flagshipProfileUrl: `${ctx.base}/in/${m.publicIdentifier}`,
  };
}

function recruiterSearch(ctx: Ctx) {
  const me = recruiter(ctx);
  const start = ctx.query.int("start", 0);
  const count = ctx.query.int("count", 25);
  const page = ctx.world.search.recruiter(me.memberId, leadFilters(ctx.query.restli("query")), { start, count });
  return plain({
    elements: page.elements.map((hit) => talentProfile(ctx, hit.member)),
    paging: { start: page.start, count: page.count, total: page.total },
  });
}

async function recruiterInMail(ctx: Ctx) {
  recruiter(ctx);
  const body = await jsonBody(ctx);
  if (typeof body.contractUrn !== "string") throw badRequest("contractUrn is required");
  if (typeof body.recipient !== "string") throw badRequest("recipient is required");
  const to = talentMember(ctx, body.recipient);
  const text = [body.body, body.signature].filter((s) => typeof s === "string" && s !== "").join("\n\n");
  const subject = typeof body.subject === "string" ? body.subject : null;
  const sent = ctx.world.messaging.sendRecruiter(
    ctx.session?.liAt as string,
    urnNumber(body.contractUrn, "ts_contract"),
    to.memberId,
    subject,
    text,
  );
  return plain({ value: { threadId: sent.thread.id, messageId: String(sent.message.id) } });
}

/**
 * The Recruiter conversation with one candidate under one contract (sandbox-defined): its
 * messages, oldest first, or none when there is no conversation yet.
 */
function recruiterConversation(ctx: Ctx) {
  const me = recruiter(ctx);
  const contractUrn = ctx.query.get("contractUrn");
  const recipient = ctx.query.get("recipient");
  if (!contractUrn || !recipient) throw badRequest("contractUrn and recipient are required");
  const contract = urnNumber(contractUrn, "ts_contract");
  const to = talentMember(ctx, recipient);
  const thread = ctx.world.messaging
    .inbox(me.memberId, ["recruiter"])
    .find((t) => t.contractId === contract && t.participantIds.includes(to.memberId));
  return plain({
    elements: (thread?.messages ?? []).map((m) => ({
      messageId: String(m.id),
      threadId: m.threadId,
      author: `urn:li:ts_profile:${ctx.world.members.require(m.senderId).recruiterId}`,
      subject: m.subject,
      body: m.text,
      deliveredAt: m.sentAt,
    })),
  });
}

export const premium: Family = {
  routes: [
    { method: "GET", path: "/sales-api/salesApiProfiles/:key", handler: salesProfile },
    { method: "GET", path: "/sales-api/salesApiLeadSearch", q: "searchQuery", handler: leadSearch },
    { method: "GET", path: "/sales-api/salesApiMessagingThreads", q: "inbox", handler: salesThreads },
    { method: "GET", path: "/sales-api/salesApiMessagingThreads/:id/messages", handler: salesMessages },
    { method: "POST", path: "/sales-api/salesApiMessageActions", action: "createMessage", handler: salesSend },
    { method: "GET", path: "/sales-api/salesApiInmailCredits", handler: (ctx) => credits(ctx, seat(ctx)) },
    { method: "GET", path: "/talent/api/talentContracts", q: "currentMember", handler: contracts },
    { method: "POST", path: "/talent/api/talentSessions", action: "login", handler: recruiterLogin },
    { method: "GET", path: "/talent/api/talentInmailCredits", handler: (ctx) => credits(ctx, recruiter(ctx)) },
    { method: "GET", path: "/talent/api/talentRecruiterSearchHits", q: "recruiterSearch", handler: recruiterSearch },
    {
      method: "GET",
      path: "/talent/api/talentLinkedInMemberProfiles/:id",
      handler: (ctx) => {
        recruiter(ctx);
        return plain(talentProfile(ctx, talentMember(ctx, param(ctx, 0))));
      },
    },
    { method: "POST", path: "/talent/api/talentMessages", action: "create", handler: recruiterInMail },
    { method: "GET", path: "/talent/api/talentMessages", q: "conversation", handler: recruiterConversation },
  ],
};
