/**
 * The webhook outbox and delivery log (migration 003). The engine writes a delivery row in
 * the same transaction as a request's terminal state (`insertDelivery` of each dialect);
 * the dispatcher claims due rows, signs and POSTs them, and logs every attempt.
 * Times are epoch milliseconds; `payload` and `events` are JSON.
 */

/** How the payload's `hash` field is computed (API.md "Webhook payload"). */
export type SigningMode = "jwt" | "hmac-hex";

export type DeliveryStatus = "pending" | "delivered" | "failed";

/** The JSON document POSTed to the client, before `hash` is added at send time. */
export type WebhookPayload = Record<string, unknown>;

/** One outbox row to insert inside the caller's open transaction. */
export interface NewDelivery {
  /** The delivery id, sent as `webhook-id` on every attempt; generated when omitted. */
  id?: string;
  workspaceId: string;
  /** Deliveries of one account are sent in `seq` order; null = no ordering (test events). */
  accountId: string | null;
  requestId: string | null;
  /** `/api/v1/<action>`: what the workspace's `events` filter matches against. */
  eventType: string;
  payload: WebhookPayload;
  /** Becomes `created_at` and the first `next_attempt_at`. */
  now: number;
}

export interface WebhookEndpoint {
  workspaceId: string;
  url: string;
  /** The whole `whsec_<base64>` string, decrypted. Never shown by the API after creation. */
  secret: string;
  signing: SigningMode;
  /** Event types (`/api/v1/connect`, …) to deliver; empty = every event. */
  events: string[];
  createdAt: number;
  updatedAt: number;
}

export interface NewWebhookEndpoint {
  workspaceId: string;
  url: string;
  secret: string;
  signing: SigningMode;
  events: string[];
  now: number;
}

export interface DeliveryRow {
  id: string;
  seq: number;
  workspaceId: string;
  accountId: string | null;
  requestId: string | null;
  eventType: string;
  payload: WebhookPayload;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  deliveredAt: number | null;
  /** HTTP status of the last attempt, null when it got no response. */
  lastStatus: number | null;
  lastError: string | null;
}

export interface AttemptRow {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  at: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryWithAttempts extends DeliveryRow {
  attemptLog: AttemptRow[];
}

/** A claimed delivery with what the dispatcher needs to sign and send it. */
export interface ClaimedDelivery extends DeliveryRow {
  url: string;
  secret: string;
  signing: SigningMode;
}

/** The result of one attempt, recorded in one transaction with the delivery's new state. */
export interface AttemptOutcome {
  deliveryId: string;
  at: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** What the delivery becomes: delivered, pending again (with nextAttemptAt) or failed. */
  status: DeliveryStatus;
  nextAttemptAt: number | null;
}

export interface DeliveryFilter {
  workspaceId: string;
  requestId?: string;
  status?: DeliveryStatus;
  /** The `seq` of the last row of the previous page (opaque to clients). */
  cursor?: number;
  limit: number;
}

export interface DeliveryPage {
  deliveries: DeliveryWithAttempts[];
  nextCursor: number | null;
}

/** The webhook operations of a store; each dialect implements them in its webhooks-*.ts files. */
export interface WebhookStore {
  getEndpoint(workspaceId: string): Promise<WebhookEndpoint | null>;
  setEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  /** Inserts a delivery in its own transaction (test events, unsolicited events); null when filtered out. */
  enqueue(row: NewDelivery, options?: { ignoreFilter?: boolean }): Promise<string | null>;
  /**
   * Claims up to `limit` due pending deliveries whose account has no earlier pending delivery,
   * leasing them until `now + leaseMs` so no other process sends them meanwhile. Due
   * deliveries of DISCONNECTED accounts are marked failed instead ("webhooks stop").
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Logs attempts and moves their deliveries to their new states, all in one transaction
   * (the dispatcher groups the attempts that end together: one commit for many).
   */
  recordAttempts(outcomes: AttemptOutcome[]): Promise<void>;
  /**
   * Extends the leases of deliveries this dispatcher is still sending (ids), so a lease can
   * be short (a dead dispatcher's deliveries go out again soon) without being taken from a
   * live one in the middle of a slow POST.
   */
  renewLeases(deliveryIds: string[], until: number): Promise<void>;
  /** Earliest `next_attempt_at` (or lease expiry) among pending deliveries; null when none. */
  nextDueAt(): Promise<number | null>;
  list(filter: DeliveryFilter): Promise<DeliveryPage>;
  get(workspaceId: string, deliveryId: string): Promise<DeliveryWithAttempts | null>;
  /**
   * Deletes up to `limit` delivered or failed deliveries created before `before`, with their
   * attempts (the log's retention); returns how many.
   */
  prune(before: number, limit: number): Promise<number>;
  /**
   * Called when a dispatcher starts. SQLite (one process) drops the leases a crashed run left,
   * so its in-flight deliveries are sent again at once; PostgreSQL leaves other workers'
   * leases alone (they expire).
   */
  recover(): Promise<number>;
  /** Makes the delivery pending and due now, same id (= same `webhook-id`); null when not found. */
  replay(workspaceId: string, deliveryId: string, now: number): Promise<DeliveryRow | null>;
}
