import { createHmac, randomBytes } from "node:crypto";
import { WelinkError } from "../errors/index.ts";
import type { SigningMode, WebhookPayload } from "../store/webhook-types.ts";

/**
 * Webhook signing on node:crypto alone. Two layers, both keyed with the workspace's secret:
 * - the payload's `hash` (We-Link): an HS256 JWT whose claims are the payload without
 *   `hash` plus `iat`, keyed with the WHOLE `whsec_…` string, because that string is what a
 *   We-Link integrator pastes into a JWT library; or, as an option, the hex HMAC-SHA256 of
 *   the canonical JSON of the payload without `hash`, keyed the same way;
 * - Standard Webhooks headers: `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed
 *   with the base64-DECODED secret bytes, which is what the `standardwebhooks` package does.
 */

export const SECRET_PREFIX = "whsec_";
/** The Standard Webhooks range for a symmetric secret. */
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;
const GENERATED_SECRET_BYTES = 32;

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(GENERATED_SECRET_BYTES).toString("base64");
}

/** Validates a `whsec_<base64>` secret and returns its key bytes; INVALID_REQUEST otherwise. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) {
    throw new WelinkError("INVALID_REQUEST", `secret: must have the form ${SECRET_PREFIX}<base64>`);
  }
  const encoded = secret.slice(SECRET_PREFIX.length);
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) ? Buffer.from(encoded, "base64") : Buffer.alloc(0);
  // Re-encoding must give the text back, so a typo is refused rather than silently truncated.
  if (bytes.length === 0 || bytes.toString("base64").replace(/=+$/, "") !== encoded.replace(/=+$/, "")) {
    throw new WelinkError("INVALID_REQUEST", "secret: the part after whsec_ is not valid base64");
  }
  if (bytes.length < SECRET_MIN_BYTES || bytes.length > SECRET_MAX_BYTES) {
    throw new WelinkError(
      "INVALID_REQUEST",
      `secret: must encode ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} random bytes (got ${bytes.length})`,
    );
  }
  return bytes;
}

/**
 * JSON with every object's keys in sorted order. Built by inserting keys sorted and letting
 * JSON.stringify write them, so a receiver that parses the body, deletes `hash` and calls
 * JSON.stringify (the We-Link sample) gets exactly these bytes back.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) sorted[key] = sortKeys(item);
  }
  return sorted;
}

const JWT_HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

export function jwtHash(payload: WebhookPayload, secret: string, issuedAtSeconds: number): string {
  const claims = Buffer.from(JSON.stringify({ ...withoutHash(payload), iat: issuedAtSeconds })).toString("base64url");
  const input = `${JWT_HEADER}.${claims}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

export function hmacHexHash(payload: WebhookPayload, secret: string): string {
  return createHmac("sha256", secret)
    .update(canonicalJson(withoutHash(payload)))
    .digest("hex");
}

/** The exact body sent: the canonical payload with `hash` last. */
export function signedBody(payload: WebhookPayload, secret: string, signing: SigningMode, nowMs: number): string {
  const clean = sortKeys(withoutHash(payload)) as WebhookPayload;
  const hash = signing === "jwt" ? jwtHash(clean, secret, Math.floor(nowMs / 1000)) : hmacHexHash(clean, secret);
  return JSON.stringify({ ...clean, hash });
}

export interface StandardHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function standardSignature(id: string, timestampSeconds: number, body: string, key: Buffer): string {
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

export function standardHeaders(id: string, nowMs: number, body: string, secret: string): StandardHeaders {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": standardSignature(id, timestamp, body, secretKey(secret)),
  };
}

function withoutHash(payload: WebhookPayload): WebhookPayload {
  const { hash: _hash, ...rest } = payload;
  return rest;
}
