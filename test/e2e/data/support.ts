import { jwtVerify } from "jose";
import { Webhook } from "standardwebhooks";
import { expect } from "vitest";
import type { Received } from "../../support/receiver.ts";
import type { TestWelink } from "../../support/welink.ts";

/** Helpers of the data and content end-to-end tests (public API and sandbox control only). */

export type Body = Record<string, unknown>;

export interface SandboxMember {
  email: string;
  memberId: number;
  profileId: string;
  publicIdentifier: string;
  firstName: string;
  lastName: string;
  tier: string;
  restricted: boolean;
  persona: string | null;
  salesId?: string;
  recruiterId?: string;
  contactInfo?: { visibility: string };
  skills?: { name: string }[];
}

export async function member(w: TestWelink, ref: string | number): Promise<SandboxMember> {
  return (await w.control("GET", `members/${encodeURIComponent(String(ref))}`)) as unknown as SandboxMember;
}

/** The webhook's body after checking both signatures (Standard Webhooks headers and the JWT `hash`). */
export async function verified(w: TestWelink, event: Received): Promise<Body> {
  const body = new Webhook(w.webhookSecret).verify(event.raw, {
    "webhook-id": String(event.headers["webhook-id"]),
    "webhook-timestamp": String(event.headers["webhook-timestamp"]),
    "webhook-signature": String(event.headers["webhook-signature"]),
  }) as Body;
  const { payload } = await jwtVerify(String(body.hash), new TextEncoder().encode(w.webhookSecret));
  expect(payload.requestId).toBe(body.requestId);
  expect(payload.status).toBe(body.status);
  return body;
}

/** Calls an async action and returns its verified webhook body. */
export async function call(w: TestWelink, name: string, body: Body, timeoutMs = 30_000): Promise<Body> {
  return verified(w, await w.call(name, body, timeoutMs));
}

export async function ok(w: TestWelink, name: string, body: Body): Promise<Body> {
  const out = await call(w, name, body);
  if (out.status !== "SUCCESS") throw new Error(`${name} ended ${JSON.stringify(out)}`);
  return out.result as Body;
}

/** A 1×1 PNG, a tiny PDF and an MP4 header: enough bytes for LinkedIn's type and size checks. */
export const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
).toString("base64");
export const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").toString("base64");
export const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from("ftypmp42"), Buffer.alloc(64, 1)]).toString(
  "base64",
);

/**
 * Moves the sandbox clock on in steps while `work` is pending (a video processing, a
 * cooldown), so nothing waits in real time for LinkedIn's.
 */
export async function whileAdvancing<T>(w: TestWelink, work: Promise<T>, stepMs: number, everyMs = 200): Promise<T> {
  let done = false;
  const result = work.finally(() => {
    done = true;
  });
  const mover = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, everyMs));
      if (!done) await w.control("POST", "clock", { advanceMs: stepMs });
    }
  })();
  const out = await result;
  await mover;
  return out;
}

/** welink's clock for tests: the system's, plus whatever the test moved it on by. */
export class OffsetClock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

/** Verifies only the JWT `hash` (no timestamp window), for tests that move welink's clock by hours. */
export async function hashVerified(w: TestWelink, event: Received): Promise<Body> {
  const { payload } = await jwtVerify(String(event.body.hash), new TextEncoder().encode(w.webhookSecret));
  expect(payload.requestId).toBe(event.body.requestId);
  expect(payload.status).toBe(event.body.status);
  return event.body;
}
