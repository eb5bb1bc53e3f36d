import Fastify, { type FastifyInstance, LogController } from "fastify";
import { type AppDeps, CATALOGUE } from "../catalog/index.ts";
import { uuid7 } from "../lib/uuid7.ts";
import { auth } from "./auth.ts";
import { clientErrorHandler } from "./client-error.ts";
import { errors } from "./errors.ts";
import { health } from "./health.ts";
import { idempotency } from "./idempotency.ts";
import { ipAllow } from "./ip-allow.ts";
import { limits } from "./limits.ts";
import { openapi } from "./openapi.ts";
import { requestId } from "./request-id.ts";
import { routes } from "./routes.ts";
import { scopes } from "./scopes.ts";
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
 * The HTTP gateway. Each concern is a plugin; this list is the order a call meets them:
 * request id, then (for /api/v1) key, IP allow-list, scopes, limits, idempotency, and the
 * catalogue's routes (validation, account checks, then the handler or the enqueue).
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
    await v1.register(auth, concernOptions);
    await v1.register(ipAllow, concernOptions);
    await v1.register(scopes, concernOptions);
    await v1.register(limits, concernOptions);
    await v1.register(idempotency, concernOptions);
    await v1.register(routes, concernOptions);
  });
  return app;
}
