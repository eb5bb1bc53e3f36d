import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ActionDef } from "../catalog/index.ts";
import { WelinkError } from "../errors/index.ts";
import { type ConcernOptions, concern, IDEMPOTENCY_TTL_MS } from "./types.ts";

/** JSON with sorted keys, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function fingerprint(action: string, body: unknown): string {
  return createHash("sha256")
    .update(action)
    .update("\n")
    .update(canonicalJson(body ?? {}))
    .digest("base64url");
}

/** An Idempotency-Key and the fingerprint of the body it was sent with. */
export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
}

/**
 * Idempotency-Key (API.md): the same key with the same body returns the original
 * acknowledgement for 24 h; with another body, IDEMPOTENCY_KEY_REUSED. The check and the
 * insert are one transaction inside `store.enqueue`; this computes the body's fingerprint
 * (async actions only: nothing else is enqueued).
 */
export function idempotencyOf(
  action: ActionDef,
  raw: string | string[] | undefined,
  body: unknown,
): IdempotencyClaim | null {
  if (action.mode !== "async" || raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0]! : raw;
  if (key.length === 0 || key.length > 255) {
    throw new WelinkError("INVALID_REQUEST", "Idempotency-Key: must be 1 to 255 characters");
  }
  return { key, fingerprint: fingerprint(action.name, body) };
}

/** Prunes expired idempotency records (they live 24 h). */
export const idempotencyPruning = concern(async (app: FastifyInstance, { deps, options }: ConcernOptions) => {
  const prune = () => {
    deps.store.pruneIdempotency(deps.clock.now() - IDEMPOTENCY_TTL_MS).catch((error: unknown) => {
      app.log.warn({ err: error }, "pruning idempotency keys failed");
    });
  };
  const timer = setInterval(prune, options.pruneEveryMs);
  timer.unref();
  app.addHook("onReady", async () => prune());
  app.addHook("onClose", async () => clearInterval(timer));
});
