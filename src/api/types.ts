import type { BlockList } from "node:net";
import type { FastifyBaseLogger, FastifyPluginAsync } from "fastify";
import type { ActionDef, AppDeps, Catalogue } from "../catalog/index.ts";
import type { ApiKey } from "../store/types.ts";

/** Tunables of the gateway; defaults are the named constants below. */
export interface ApiOptions {
  /** Per-key ceiling, requests per minute. */
  keyRatePerMinute?: number;
  /** Rolling 60-minute window per LinkedIn account (We-Link: 100 action requests). */
  accountActionsPerHour?: number;
  /** Rolling 60-minute window per LinkedIn account for message sync (We-Link: 150). */
  accountSyncPerHour?: number;
  /** Default queue timeout of a request (seconds). */
  queueTimeoutS?: number;
  /** How long a verified key stays verified in memory (a revocation takes effect after it). */
  authCacheMs?: number;
  /** Pruning period of idempotency records (they live 24 h). */
  pruneEveryMs?: number;
  logger?: FastifyBaseLogger | false;
  catalogue?: Catalogue;
  /** Honour X-Forwarded-For (behind a reverse proxy) for IP allow-lists. */
  trustProxy?: boolean;
}

export const DEFAULT_KEY_RATE_PER_MINUTE = 6000;
export const DEFAULT_ACCOUNT_ACTIONS_PER_HOUR = 100;
export const DEFAULT_ACCOUNT_SYNC_PER_HOUR = 150;
export const DEFAULT_QUEUE_TIMEOUT_S = 86_400;
export const DEFAULT_AUTH_CACHE_MS = 30_000;
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
export const DEFAULT_PRUNE_EVERY_MS = 600_000;
/** Bodies over 1 MiB are refused (INVALID_REQUEST). */
export const BODY_LIMIT = 1024 * 1024;

export interface ResolvedOptions {
  keyRatePerMinute: number;
  accountActionsPerHour: number;
  accountSyncPerHour: number;
  queueTimeoutS: number;
  authCacheMs: number;
  pruneEveryMs: number;
  catalogue: Catalogue;
}

/** Who is calling: set by the auth concern. */
export interface Caller {
  key: ApiKey;
  workspaceId: string;
  /** The key's IP allow-list; null = anywhere. */
  allowList: BlockList | null;
}

/** What every concern plugin receives. */
export interface ConcernOptions {
  deps: AppDeps;
  options: ResolvedOptions;
}

export type Concern = FastifyPluginAsync<ConcernOptions>;

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the gate (gate.ts) on every /api/v1 call it lets through. */
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    action?: ActionDef;
  }
}

/**
 * Registers a concern's hooks on the enclosing scope instead of a child scope (what
 * fastify-plugin does), so `app.ts` reads as the list of concerns, in order.
 */
export function concern(plugin: Concern): Concern {
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;
  return plugin;
}
