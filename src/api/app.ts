import Fastify, { type FastifyInstance, LogController } from "fastify";
import { type AppDeps, CATALOGUE } from "../catalog/index.ts";
import { uuid7 } from "../lib/uuid7.ts";
import { clientErrorHandler } from "./client-error.ts";
import { errors } from "./errors.ts";
import { health } from "./health.ts";
import { idempotencyPruning } from "./idempotency.ts";
import { openapi } from "./openapi.ts";
import { requestId } from "./request-id.ts";
import { routes } from "./routes.ts";
import {
  type ApiOptions,
  BODY_LIMIT,
  type ConcernOptions,
  DEFAULT_ACCOUNT_ACTIONS_PER_HOUR,
  DEFAULT_ACCOUNT_SYNC_PER_HOUR,
  DEFAULT_AUTH_CACHE_MS,
  DEFAULT_KEY_RATE_PER_MINUTE,
  DEFAULT_PRUNE_EVERY_MS,
  DEFAULT_QUEUE_TIMEOUT_S,
  type ResolvedOptions,
} from "./types.ts";

export function resolveOptions(options: ApiOptions): ResolvedOptions {
  return {
    keyRatePerMinute: options.keyRatePerMinute ?? DEFAULT_KEY_RATE_PER_MINUTE,
    accountActionsPerHour: options.accountActionsPerHour ?? DEFAULT_ACCOUNT_ACTIONS_PER_HOUR,
    accountSyncPerHour: options.accountSyncPerHour ?? DEFAULT_ACCOUNT_SYNC_PER_HOUR,
    queueTimeoutS: options.queueTimeoutS ?? DEFAULT_QUEUE_TIMEOUT_S,
    authCacheMs: options.authCacheMs ?? DEFAULT_AUTH_CACHE_MS,
    pruneEveryMs: options.pruneEveryMs ?? DEFAULT_PRUNE_EVERY_MS,
    catalogue: options.catalogue ?? CATALOGUE,
  };
}

/**
 * The HTTP gateway: the error envelope, the request id, health, the OpenAPI document, and
 * /api/v1, whose routes (routes.ts) take a call through, in order: the gate (gate.ts: key,
 * IP allow-list, scopes, per-key ceiling), then validation, the account check, the
 * account window and the Idempotency-Key, then the handler or the enqueue. Each concern
 * lives in its own file as plain functions; routes.ts and gate.ts are where they are put
 * in order, as one hook and one handler per route rather than a hook per concern (each
 * async hook is a promise and a microtask on every call).
 */
export async function buildApp(deps: AppDeps, apiOptions: ApiOptions = {}): Promise<FastifyInstance> {
  const options = resolveOptions(apiOptions);
  const app = Fastify({
    ...(apiOptions.logger ? { loggerInstance: apiOptions.logger } : { logger: false }),
    // Time-ordered (UUIDv7): the request id is the primary key of `requests`, and ordered
    // keys append to its B-tree instead of writing a random page per insert (see uuid7.ts).
    genReqId: () => uuid7(),
    requestIdHeader: false,
    bodyLimit: BODY_LIMIT,
    // Per-request access lines cost throughput on the hot path; errors are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: apiOptions.trustProxy ?? false,
    return503OnClosing: false,
    clientErrorHandler,
  });
  // JSON only: text/plain (which Fastify parses by default) is a wrong content type here.
  app.removeContentTypeParser("text/plain");
  const concernOptions: ConcernOptions = { deps, options };

  await app.register(errors, concernOptions);
  await app.register(requestId, concernOptions);
  await app.register(health, concernOptions);
  await app.register(openapi, concernOptions);
  await app.register(async (v1) => {
    await v1.register(idempotencyPruning, concernOptions);
    await v1.register(routes, concernOptions);
  });
  return app;
}
