import { jwtVerify } from "jose";
import { Webhook } from "standardwebhooks";
import { expect } from "vitest";
import { PERSONA_IDS } from "../../../src/sandbox/generator/personas.ts";
import type { World } from "../../../src/sandbox/world/world.ts";
import type { Received } from "../../support/receiver.ts";
import type { TestWelink } from "../../support/welink.ts";

/**
 * Helpers of the outreach end-to-end tests: calls through the public API whose outcome is
 * read from the signed webhook (verified with the off-the-shelf Standard Webhooks library),
 * and read-only looks at the sandbox world to pick targets by their relationship to the
 * account (never by list position). Changes to the world go through the control API.
 */

export type Json = Record<string, unknown>;

const PERSONAS: ReadonlySet<number> = new Set(Object.values(PERSONA_IDS));
const isPersona = (memberId: number) => PERSONAS.has(memberId);

/**
 * The delivery's body once its signatures check out: the payload's `hash` (HS256 JWT over the
 * payload) always, and the Standard Webhooks headers unless welink's clock was moved ahead
 * of the real one (that library refuses timestamps more than 5 minutes off).
 */
export async function verified(w: TestWelink, event: Received, options: { movedClock?: boolean } = {}): Promise<Json> {
  const body = options.movedClock
    ? (JSON.parse(event.raw) as Json)
    : (new Webhook(w.webhookSecret).verify(event.raw, {
        "webhook-id": String(event.headers["webhook-id"]),
        "webhook-timestamp": String(event.headers["webhook-timestamp"]),
        "webhook-signature": String(event.headers["webhook-signature"]),
      }) as Json);
  const { payload } = await jwtVerify(String(body.hash), new TextEncoder().encode(w.webhookSecret));
  const { hash: _hash, ...rest } = body;
  expect(payload).toMatchObject(rest);
  return body;
}

/** Calls an async action and returns the verified webhook body. */
export async function outcome(w: TestWelink, name: string, body: Json, timeoutMs = 15_000): Promise<Json> {
  return verified(w, await w.call(name, body, timeoutMs));
}

/** Calls an async action that must succeed; returns its `result`. */
export async function success(w: TestWelink, name: string, body: Json): Promise<Json> {
  const payload = await outcome(w, name, body);
  expect(payload.status, `${name}: ${String(payload.message)}`).toBe("SUCCESS");
  expect(payload.event_type).toBe(`/api/v1/${name}`);
  return payload.result as Json;
}

/** The webhook status of an async action (SUCCESS or the catalogued code). */
export async function statusOf(w: TestWelink, name: string, body: Json): Promise<string> {
  return String((await outcome(w, name, body)).status);
}

export function worldOf(w: TestWelink): World {
  const sandbox = w.welink.sandbox;
  if (!sandbox) throw new Error("no embedded sandbox");
  return sandbox.world;
}

export function memberOf(w: TestWelink, email: string) {
  const m = worldOf(w).members.byEmailAddress(email);
  if (!m) throw new Error(`no member ${email}`);
  return m;
}

/**
 * Members that `email` is not connected to and has no pending invitation with, able to
 * receive one, in a stable order; `skip` leaves out the first ones (each test its own).
 */
export function strangersOf(w: TestWelink, email: string, count: number, skip = 0) {
  const world = worldOf(w);
  const me = memberOf(w, email);
  const out = [];
  let seen = 0;
  for (const m of world.members.list) {
    if (m.memberId === me.memberId || isPersona(m.memberId) || m.restricted || m.needsPin) continue;
    if (world.graph.areConnected(me.memberId, m.memberId)) continue;
    if (world.invitations.pendingBetween(me.memberId, m.memberId)) continue;
    if (seen++ < skip) continue;
    out.push(m);
    if (out.length === count) break;
  }
  return out;
}

/** First-degree connections of `email` that are not personas, newest first. */
export function connectionsOf(w: TestWelink, email: string) {
  const world = worldOf(w);
  const me = memberOf(w, email);
  return world.graph
    .connections(me.memberId)
    .map((id) => world.members.require(id))
    .filter((m) => !isPersona(m.memberId));
}

/** Lets a test send many requests from one member without meeting the burst rule. */
export async function relaxBursts(w: TestWelink): Promise<void> {
  await w.control("POST", "settings", { burstRequestsPerMinute: 100_000 });
}
