import { WelinkError } from "../errors/index.ts";
import type { Clock } from "../lib/clock.ts";
import type { DeliveryStatus, DeliveryWithAttempts, SigningMode, WebhookStore } from "../store/webhook-types.ts";
import { eventTypeOf, testPayload } from "./payload.ts";
import { generateSecret, secretKey } from "./sign.ts";
import { checkWebhookUrl, type UrlPolicy } from "./url-policy.ts";

/**
 * The webhook endpoints' logic (`webhook_set`, `webhook_get`, `webhook_deliveries`,
 * `webhook_replay`, `webhook_test`), independent of HTTP: the catalogue's handlers call it
 * through `ctx.deps.webhooks`. Answers use the API's snake_case field names.
 */
export interface WebhookService {
  set(workspaceId: string, input: WebhookSetInput): Promise<Record<string, unknown>>;
  get(workspaceId: string): Promise<Record<string, unknown>>;
  deliveries(workspaceId: string, input: DeliveriesInput): Promise<Record<string, unknown>>;
  replay(workspaceId: string, deliveryId: string): Promise<Record<string, unknown>>;
  test(workspaceId: string): Promise<Record<string, unknown>>;
}

export interface WebhookSetInput {
  url: string;
  secret?: string;
  events?: string[];
  signing?: SigningMode;
}

export interface DeliveriesInput {
  requestId?: string;
  status?: DeliveryStatus;
  cursor?: string;
  limit?: number;
}

export const DEFAULT_PAGE = 50;

export interface WebhookServiceOptions {
  store: WebhookStore;
  clock: Clock;
  policy: UrlPolicy;
  /** Wakes the dispatcher of this process (replays and test events are due at once). */
  wake?: () => void;
}

export function createWebhookService(options: WebhookServiceOptions): WebhookService {
  const { store, clock, policy } = options;
  const wake = () => options.wake?.();

  async function mustEndpoint(workspaceId: string) {
    const endpoint = await store.getEndpoint(workspaceId);
    if (!endpoint) throw new WelinkError("NOT_FOUND", "No webhook endpoint is configured; call webhook_set first");
    return endpoint;
  }

  return {
    async set(workspaceId, input) {
      const url = await checkWebhookUrl(input.url, policy);
      if (input.secret !== undefined) secretKey(input.secret);
      const existing = await store.getEndpoint(workspaceId);
      // Changing the URL or the filter keeps the secret the receiver already verifies with.
      const generated = input.secret === undefined && !existing ? generateSecret() : undefined;
      const secret = input.secret ?? existing?.secret ?? generated!;
      const saved = await store.setEndpoint({
        workspaceId,
        url: url.toString(),
        secret,
        signing: input.signing ?? existing?.signing ?? "jwt",
        events: normaliseEvents(input.events ?? existing?.events ?? []),
        now: clock.now(),
      });
      return {
        ...endpointView(saved),
        // Shown once, when welink made it; never again (webhook_get omits it).
        ...(generated ? { secret: generated } : {}),
      };
    },

    async get(workspaceId) {
      return endpointView(await mustEndpoint(workspaceId));
    },

    async deliveries(workspaceId, input) {
      const cursor = input.cursor === undefined ? undefined : Number(input.cursor);
      if (cursor !== undefined && !Number.isSafeInteger(cursor)) {
        throw new WelinkError("INVALID_REQUEST", "cursor: not a cursor from a previous answer");
      }
      const page = await store.list({
        workspaceId,
        limit: input.limit ?? DEFAULT_PAGE,
        ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      return {
        deliveries: page.deliveries.map(deliveryView),
        next_cursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },

    async replay(workspaceId, deliveryId) {
      await mustEndpoint(workspaceId);
      const row = await store.replay(workspaceId, deliveryId, clock.now());
      if (!row) throw new WelinkError("NOT_FOUND", "delivery_id not found");
      wake();
      const full = await store.get(workspaceId, deliveryId);
      return deliveryView(full ?? { ...row, attemptLog: [] });
    },

    async test(workspaceId) {
      await mustEndpoint(workspaceId);
      const now = clock.now();
      const id = await store.enqueue(
        {
          workspaceId,
          accountId: null,
          requestId: null,
          eventType: eventTypeOf("webhook_test"),
          payload: testPayload(now),
          now,
        },
        { ignoreFilter: true },
      );
      if (!id) throw new WelinkError("NOT_FOUND", "No webhook endpoint is configured; call webhook_set first");
      wake();
      return { status: "QUEUED", delivery_id: id, webhook_id: id };
    },
  };
}

/** `connect` and `/api/v1/connect` both mean the connect action's webhooks; `*` means all. */
export function normaliseEvents(events: string[]): string[] {
  const cleaned = events.map((e) => e.trim()).filter((e) => e.length > 0);
  if (cleaned.includes("*")) return [];
  for (const event of cleaned) {
    if (!/^(\/api\/v1\/)?[a-z][a-z0-9_]*$/.test(event)) {
      throw new WelinkError("INVALID_REQUEST", `events: ${event} is not an action name or /api/v1/<action>`);
    }
  }
  return [...new Set(cleaned.map(eventTypeOf))].sort();
}

function endpointView(endpoint: {
  url: string;
  signing: SigningMode;
  events: string[];
  createdAt: number;
  updatedAt: number;
}) {
  return {
    url: endpoint.url,
    signing: endpoint.signing,
    events: endpoint.events,
    created_at: endpoint.createdAt,
    updated_at: endpoint.updatedAt,
  };
}

export function deliveryView(d: DeliveryWithAttempts): Record<string, unknown> {
  return {
    delivery_id: d.id,
    webhook_id: d.id,
    request_id: d.requestId,
    account_id: d.accountId,
    event_type: d.eventType,
    event: d.payload.event ?? null,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt : null,
    created_at: d.createdAt,
    delivered_at: d.deliveredAt,
    last_status: d.lastStatus,
    last_error: d.lastError,
    payload: d.payload,
    attempt_log: d.attemptLog.map((a) => ({
      attempt: a.attempt,
      at: a.at,
      status_code: a.statusCode,
      error: a.error,
      duration_ms: a.durationMs,
    })),
  };
}
