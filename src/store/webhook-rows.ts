import type { JsonParse } from "./rows.ts";
import type {
  AttemptRow,
  ClaimedDelivery,
  DeliveryRow,
  DeliveryStatus,
  SigningMode,
  WebhookEndpoint,
  WebhookPayload,
} from "./webhook-types.ts";

/**
 * Raw webhook rows as both dialects return them and their mapping. Numbers go through
 * `Number()` because pg hands bigint columns back as strings.
 */

const COLUMNS = [
  "id",
  "seq",
  "workspace_id",
  "account_id",
  "request_id",
  "event_type",
  "payload",
  "status",
  "attempts",
  "next_attempt_at",
  "created_at",
  "delivered_at",
  "last_status",
  "last_error",
];
/** The delivery columns qualified with the alias `d`. */
export const DELIVERY_COLUMNS = COLUMNS.map((c) => `d.${c}`).join(", ");
/** Unqualified, for SQLite's RETURNING (which does not know table aliases). */
export const DELIVERY_COLUMNS_BARE = COLUMNS.join(", ");

export interface DeliveryRaw {
  id: string;
  seq: number | string;
  workspace_id: string;
  account_id: string | null;
  request_id: string | null;
  event_type: string;
  payload: unknown;
  status: string;
  attempts: number;
  next_attempt_at: number | string;
  created_at: number | string;
  delivered_at: number | string | null;
  last_status: number | null;
  last_error: string | null;
}

export interface ClaimedRaw extends DeliveryRaw {
  url: string;
  secret_enc: string;
  signing: string;
  /** The account's status (null for deliveries without an account). */
  account_status: string | null;
}

export interface AttemptRaw {
  delivery_id: string;
  attempt: number;
  at: number | string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface EndpointRaw {
  workspace_id: string;
  url: string;
  secret_enc: string;
  signing: string;
  events: unknown;
  created_at: number | string;
  updated_at: number | string;
}

const numberOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));

export function toDelivery(raw: DeliveryRaw, parse: JsonParse): DeliveryRow {
  return {
    id: raw.id,
    seq: Number(raw.seq),
    workspaceId: raw.workspace_id,
    accountId: raw.account_id,
    requestId: raw.request_id,
    eventType: raw.event_type,
    payload: parse(raw.payload) as WebhookPayload,
    status: raw.status as DeliveryStatus,
    attempts: Number(raw.attempts),
    nextAttemptAt: Number(raw.next_attempt_at),
    createdAt: Number(raw.created_at),
    deliveredAt: numberOrNull(raw.delivered_at),
    lastStatus: raw.last_status,
    lastError: raw.last_error,
  };
}

/** The sealed secret is bound to its workspace, so a row copied elsewhere does not decrypt. */
export const secretAad = (workspaceId: string): string => `webhook:${workspaceId}`;

export function toClaimed(raw: ClaimedRaw, parse: JsonParse, open: (sealed: string, aad: string) => unknown) {
  const claimed: ClaimedDelivery = {
    ...toDelivery(raw, parse),
    url: raw.url,
    secret: String(open(raw.secret_enc, secretAad(raw.workspace_id))),
    signing: raw.signing as SigningMode,
  };
  return claimed;
}

export function toAttempt(raw: AttemptRaw): AttemptRow {
  return {
    deliveryId: raw.delivery_id,
    attempt: Number(raw.attempt),
    at: Number(raw.at),
    statusCode: raw.status_code,
    error: raw.error,
    durationMs: Number(raw.duration_ms),
  };
}

export function toEndpoint(raw: EndpointRaw, parse: JsonParse, open: (sealed: string, aad: string) => unknown) {
  const endpoint: WebhookEndpoint = {
    workspaceId: raw.workspace_id,
    url: raw.url,
    secret: String(open(raw.secret_enc, secretAad(raw.workspace_id))),
    signing: raw.signing as SigningMode,
    events: (parse(raw.events) as string[] | null) ?? [],
    createdAt: Number(raw.created_at),
    updatedAt: Number(raw.updated_at),
  };
  return endpoint;
}
