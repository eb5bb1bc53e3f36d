/**
 * The control API under `/_sandbox/` (sandbox-protocol.md §15): what tests and integrators
 * use to drive the world from outside — reset, clock, faults, acting as the other member,
 * counters, member listing. Plain JSON, no cookies; a driver never calls it.
 */

import { PERSONA_IDS } from "../generator/personas.ts";
import { type Answer, plain } from "../http/answer.ts";
import { type Ctx, jsonBody } from "../http/context.ts";
import { PROTOCOL_VERSION, QUERY_HASHES } from "../http/protocol.ts";
import type { Route } from "../http/router.ts";
import type { HttpFaultKind } from "../http/state.ts";
import { FAULT_KINDS, type FaultKind } from "../world/faults.ts";
import type { Member } from "../world/types.ts";
import { actAsOther } from "./act.ts";
import { bad, memberRef, parseDuration } from "./refs.ts";

const PERSONA_BY_ID = new Map<number, string>(Object.entries(PERSONA_IDS).map(([name, id]) => [id, name]));

/** Control-API names of fault kinds → the world's kinds (both spellings accepted). */
const FAULT_ALIASES: Record<string, FaultKind> = { revoked_session: "revoked", gone: "410" };
const HTTP_FAULTS: readonly HttpFaultKind[] = ["html_interstitial", "me_without_id"];

function memberSummary(m: Member) {
  return {
    email: m.email,
    memberId: m.memberId,
    profileId: m.profileId,
    publicIdentifier: m.publicIdentifier,
    firstName: m.firstName,
    lastName: m.lastName,
    tier: m.tier,
    restricted: m.restricted,
    persona: PERSONA_BY_ID.get(m.memberId) ?? null,
  };
}

async function reset(ctx: Ctx): Promise<Answer> {
  const body = await jsonBody(ctx);
  const seed = body.seed === undefined ? ctx.state.world.seed : Number(body.seed);
  if (!Number.isInteger(seed)) throw bad("seed must be an integer");
  const world = ctx.state.reset(seed);
  return plain({ seed: world.seed, members: world.members.count, now: world.now() });
}

async function setClock(ctx: Ctx): Promise<Answer> {
  const body = await jsonBody(ctx);
  const world = ctx.state.world;
  if (body.now !== undefined) {
    const now = Number(body.now);
    if (!Number.isFinite(now)) throw bad("now must be epoch milliseconds");
    world.setTime(now);
  } else if (body.advanceMs !== undefined) world.advance(parseDuration(Number(body.advanceMs)));
  else if (body.advance !== undefined) world.advance(parseDuration(body.advance));
  else throw bad("give now, advanceMs or advance");
  return plain({ now: world.now() });
}

async function addFault(ctx: Ctx): Promise<Answer> {
  const body = await jsonBody(ctx);
  const world = ctx.state.world;
  const rawKind = String(body.kind ?? "");
  const memberId = body.member === undefined || body.member === null ? null : memberRef(world, body.member).memberId;
  const pathPrefix = typeof body.path === "string" ? body.path : null;
  const count = body.count === undefined || body.count === null ? null : Number(body.count);
  if ((HTTP_FAULTS as readonly string[]).includes(rawKind)) {
    const f = ctx.state.addHttpFault({ kind: rawKind as HttpFaultKind, memberId, pathPrefix, remaining: count });
    return plain({ id: f.id, kind: f.kind });
  }
  const kind = FAULT_ALIASES[rawKind] ?? rawKind;
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw bad(`unknown fault kind ${rawKind}; one of ${[...FAULT_KINDS, ...HTTP_FAULTS].join(", ")}`);
  }
  if (kind === "timeout" && body.durationMs !== undefined) ctx.state.timeoutMs = parseDuration(body.durationMs);
  // A checkpointed member's next login asks for the PIN, whether or not a session hits the fault first.
  if (kind === "checkpoint" && memberId !== null) ctx.state.pinOnce.add(memberId);
  const fault = world.injectFault({
    kind: kind as FaultKind,
    memberId,
    pathPrefix,
    status: body.status === undefined ? null : Number(body.status),
    count,
    untilMs: body.forMs === undefined ? null : world.now() + parseDuration(body.forMs),
  });
  return plain({ id: fault.id, kind: fault.kind });
}

function listFaults(ctx: Ctx): Answer {
  return plain({ elements: [...ctx.state.world.faults.list(), ...ctx.state.httpFaults] });
}

function deleteFault(ctx: Ctx): Answer {
  const id = Number(ctx.params[0]);
  const removed = ctx.state.world.faults.clear({ id });
  const before = ctx.state.httpFaults.length;
  ctx.state.httpFaults = ctx.state.httpFaults.filter((f) => f.id !== id);
  return plain({ removed: removed + before - ctx.state.httpFaults.length });
}

function clearFaults(ctx: Ctx): Answer {
  const removed = ctx.state.world.faults.clear() + ctx.state.httpFaults.length;
  ctx.state.httpFaults = [];
  return plain({ removed });
}

/** Lift a restriction (persona `restricted@`, an injected one, or the pushback rule's). */
async function liftRestriction(ctx: Ctx): Promise<Answer> {
  const body = await jsonBody(ctx);
  const m = memberRef(ctx.state.world, body.member);
  ctx.state.world.pushback.lift(m.memberId);
  return plain({ lifted: true, email: m.email });
}

async function revokeSessions(ctx: Ctx): Promise<Answer> {
  const body = await jsonBody(ctx);
  const m = memberRef(ctx.state.world, body.member);
  return plain({ revoked: ctx.state.world.sessions.revokeAll(m.memberId) });
}

function counters(ctx: Ctx): Answer {
  const world = ctx.state.world;
  if (ctx.params[0] !== undefined) {
    const m = memberRef(world, ctx.params[0]);
    return plain({ email: m.email, profileId: m.profileId, ...world.counters.of(m.memberId) });
  }
  const all = world.counters.all();
  const elements = Object.entries(all).map(([id, c]) => {
    const m = world.members.get(Number(id));
    return { email: m?.email ?? null, profileId: m?.profileId ?? null, ...c };
  });
  return plain({ elements });
}

function members(ctx: Ctx): Answer {
  const world = ctx.state.world;
  const start = ctx.query.int("start", 0);
  const count = Math.min(ctx.query.int("count", 100), 1000);
  const tier = ctx.query.get("tier");
  const text = ctx.query.get("q")?.toLowerCase();
  let list = world.members.list;
  if (tier) list = list.filter((m) => m.tier === tier);
  if (text) list = list.filter((m) => `${m.firstName} ${m.lastName} ${m.email}`.toLowerCase().includes(text));
  return plain({ total: list.length, start, count, elements: list.slice(start, start + count).map(memberSummary) });
}

function member(ctx: Ctx): Answer {
  const m = memberRef(ctx.state.world, ctx.params[0]);
  const { password: _password, ...rest } = m;
  return plain({ ...rest, persona: PERSONA_BY_ID.get(m.memberId) ?? null });
}

async function settings(ctx: Ctx): Promise<Answer> {
  const world = ctx.state.world;
  if (ctx.method === "POST") {
    const body = await jsonBody(ctx);
    if (typeof body.strictQueryIds === "boolean") ctx.state.settings.strictQueryIds = body.strictQueryIds;
    const worldSettings = world.settings as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) {
      if (k in worldSettings && typeof v === typeof worldSettings[k]) worldSettings[k] = v;
    }
  }
  return plain({ ...ctx.state.settings, world: world.settings });
}

const json = (f: (ctx: Ctx) => Answer | Promise<Answer>) => f;

export const controlRoutes: Route[] = [
  { method: "GET", path: "/_sandbox/health", auth: "public", handler: (ctx) => health(ctx) },
  { method: "POST", path: "/_sandbox/reset", auth: "public", handler: json(reset) },
  { method: "GET", path: "/_sandbox/clock", auth: "public", handler: (ctx) => plain({ now: ctx.state.world.now() }) },
  { method: "POST", path: "/_sandbox/clock", auth: "public", handler: json(setClock) },
  { method: "POST", path: "/_sandbox/faults", auth: "public", handler: json(addFault) },
  { method: "GET", path: "/_sandbox/faults", auth: "public", handler: listFaults },
  { method: "DELETE", path: "/_sandbox/faults", auth: "public", handler: clearFaults },
  { method: "DELETE", path: "/_sandbox/faults/:id", auth: "public", handler: deleteFault },
  { method: "POST", path: "/_sandbox/sessions/revoke", auth: "public", handler: json(revokeSessions) },
  { method: "POST", path: "/_sandbox/restrictions/lift", auth: "public", handler: json(liftRestriction) },
  { method: "GET", path: "/_sandbox/counters", auth: "public", handler: counters },
  { method: "GET", path: "/_sandbox/counters/:member", auth: "public", handler: counters },
  { method: "GET", path: "/_sandbox/members", auth: "public", handler: members },
  { method: "GET", path: "/_sandbox/members/:member", auth: "public", handler: member },
  { method: "GET", path: "/_sandbox/settings", auth: "public", handler: settings },
  { method: "POST", path: "/_sandbox/settings", auth: "public", handler: settings },
  {
    method: "GET",
    path: "/_sandbox/protocol",
    auth: "public",
    handler: () => plain({ version: PROTOCOL_VERSION, queries: QUERY_HASHES }),
  },
  ...actAsOther,
];

function health(ctx: Ctx): Answer {
  const world = ctx.state.world;
  return plain({ ok: true, now: world.now(), seed: world.seed, members: world.members.count });
}
