import { createHmac, timingSafeEqual } from "node:crypto";
import type { SigningMode } from "../store/webhook-types.ts";
import { canonicalJson, secretKey, standardSignature } from "./sign.ts";

/**
 * Receiver-side checks, used by `welink webhooks listen`. The test suite does not trust
 * these: it verifies deliveries with the `standardwebhooks` package and `jose` instead.
 */

/** The reference library's tolerance: a delivery older or newer than 5 minutes is refused. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

export type Verdict = { ok: true } | { ok: false; reason: string };

export function verifyStandardHeaders(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  secret: string,
  nowMs: number,
): Verdict {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) return { ok: false, reason: "missing webhook-* headers" };
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds)) return { ok: false, reason: "bad webhook-timestamp" };
  if (Math.abs(nowMs / 1000 - seconds) > TIMESTAMP_TOLERANCE_S) return { ok: false, reason: "timestamp too old" };
  const expected = Buffer.from(standardSignature(id, seconds, body, secretKey(secret)).slice(3), "base64");
  // The header is a space-separated list so a sender can sign with an old and a new key.
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",");
    const got = Buffer.from(value ?? "", "base64");
    if (version === "v1" && got.length === expected.length && timingSafeEqual(got, expected)) return { ok: true };
  }
  return { ok: false, reason: "webhook-signature does not match" };
}

/** Checks the payload's `hash`, guessing the mode from its form (a JWT has two dots). */
export function verifyHash(body: string, secret: string): Verdict & { mode?: SigningMode } {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: "body is not JSON" };
  }
  const hash = parsed.hash;
  if (typeof hash !== "string") return { ok: false, reason: "no hash field" };
  const { hash: _hash, ...rest } = parsed;
  if (hash.split(".").length === 3) {
    const [head, claims, signature] = hash.split(".") as [string, string, string];
    const expected = createHmac("sha256", secret).update(`${head}.${claims}`).digest();
    if (!safeEqual(Buffer.from(signature, "base64url"), expected)) return { ok: false, reason: "JWT signature" };
    const decoded = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as Record<string, unknown>;
    const { iat: _iat, ...claimed } = decoded;
    if (canonicalJson(claimed) !== canonicalJson(rest)) return { ok: false, reason: "JWT claims differ from body" };
    return { ok: true, mode: "jwt" };
  }
  const expected = createHmac("sha256", secret).update(canonicalJson(rest)).digest();
  if (!safeEqual(Buffer.from(hash, "hex"), expected)) return { ok: false, reason: "hmac-hex hash" };
  return { ok: true, mode: "hmac-hex" };
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
