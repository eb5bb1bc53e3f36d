import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { WelinkError } from "../errors/index.ts";
import { type ConcernOptions, concern, IDEMPOTENCY_TTL_MS } from "./types.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Set when the call carries an Idempotency-Key header and starts work. */
    idempotency: { key: string; fingerprint: string } | null;
  }
}

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

/**
 * Idempotency-Key (API.md): the same key with the same body returns the original
 * acknowledgement for 24 h; with another body, IDEMPOTENCY_KEY_REUSED. The check and the
 * insert are one transaction inside `store.enqueue`; this concern computes the body's
 * fingerprint and prunes expired records.
 */
export const idempotency = concern(async (app: FastifyInstance, { deps, options }: ConcernOptions) => {
  app.decorateRequest("idempotency", null);
  app.addHook("preHandler", async (request) => {
    const action = request.routeOptions.config.action;
    const raw = request.headers["idempotency-key"];
    if (action?.mode !== "async" || raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0]! : raw;
    if (key.length === 0 || key.length > 255) {
      throw new WelinkError("INVALID_REQUEST", "Idempotency-Key: must be 1 to 255 characters");
    }
    request.idempotency = { key, fingerprint: fingerprint(action.name, request.body) };
  });

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
