import { CATALOG, isErrorCode } from "../errors/index.ts";
import type { RequestRow } from "../store/types.ts";
import type { WebhookPayload } from "../store/webhook-types.ts";

/**
 * Webhook payloads (API.md "Webhook payload"). The We-Link shape first (`status`,
 * `requestId`, `request_id`, `result` or `message`), then welink's additive fields
 * (`event_type` = the API path that produced it, `event` = the docs' event name,
 * `accountId`, and on failure `retryable` and `scope`). `hash` is added at send time.
 */

export const EVENT_TYPE_PREFIX = "/api/v1/";

/** `connect` → `/api/v1/connect` (an already prefixed value is returned unchanged). */
export function eventTypeOf(action: string): string {
  return action.startsWith(EVENT_TYPE_PREFIX) ? action : EVENT_TYPE_PREFIX + action;
}

export function requestPayload(request: RequestRow): WebhookPayload {
  const base = {
    status: request.status,
    requestId: request.id,
    request_id: request.id,
  };
  const extra = {
    event_type: eventTypeOf(request.action),
    event: eventName(request.action, request.status),
    accountId: request.accountId,
  };
  if (request.status === "SUCCESS") return { ...base, result: request.result ?? {}, ...extra };
  const spec = isErrorCode(request.status) ? CATALOG[request.status] : null;
  return {
    ...base,
    message: request.message ?? spec?.description ?? request.status,
    // PIN_REQUIRED and similar steps can carry data the client needs (the challenge context).
    ...(request.result != null ? { result: request.result } : {}),
    ...extra,
    retryable: spec?.retryable ?? false,
    scope: spec?.scope ?? "request",
  };
}

export type UnsolicitedEvent = "connection_accepted" | "message_received" | "account_status";

/**
 * Events that no request asked for: an invitation sent through welink was accepted, a reply
 * arrived in a tracked thread (or any inbound message with inbox sync), an account changed
 * status. `data` travels as `result`.
 */
export function eventPayload(type: UnsolicitedEvent, accountId: string, data: Record<string, unknown>): WebhookPayload {
  return {
    status: "SUCCESS",
    result: data,
    event_type: eventTypeOf(type),
    event: unsolicitedEventName(type, data),
    accountId,
  };
}

/** The payload of `webhook_test`: reaches the endpoint whatever its `events` filter. */
export function testPayload(now: number): WebhookPayload {
  return {
    status: "SUCCESS",
    result: { message: "Test event from welink: your endpoint is reachable and verifies signatures.", sent_at: now },
    event_type: eventTypeOf("webhook_test"),
    event: "WEBHOOK_TEST",
    accountId: null,
  };
}

function unsolicitedEventName(type: UnsolicitedEvent, data: Record<string, unknown>): string {
  switch (type) {
    case "connection_accepted":
      return "CONNECTION_ACCEPTED";
    case "message_received":
      // The docs' vocabulary: MESSAGE_REPLY is the tracked reply; other inbound mail is generic.
      return data.tracker_id != null ? "MESSAGE_REPLY" : "MESSAGE_RECEIVED";
    case "account_status":
      return "ACCOUNT_STATUS";
  }
}

/** Event names of the We-Link docs' vocabulary; other actions get `<ACTION>_COMPLETED|_FAILED`. */
export function eventName(action: string, status: string): string {
  const ok = status === "SUCCESS";
  const family = familyOf(action);
  switch (family) {
    case "LOGIN":
      if (ok) return "LOGIN_SUCCESS";
      return status === "PIN_REQUIRED" ? "LOGIN_PIN_REQUIRED" : "LOGIN_FAILED";
    case "CONNECTION":
      return ok ? "CONNECTION_SENT" : "CONNECTION_FAILED";
    case "MESSAGE":
      return ok ? "MESSAGE_SENT" : "MESSAGE_FAILED";
    case "PROFILE_VIEW":
      return ok ? "PROFILE_VIEWED" : "PROFILE_VIEW_FAILED";
    case "PROFILE_DATA":
      return ok ? "PROFILE_DATA" : "PROFILE_DATA_FAILED";
    case "SEARCH":
      return ok ? "SEARCH_COMPLETED" : "SEARCH_FAILED";
    default: {
      const name = action.toUpperCase();
      return ok ? `${name}_COMPLETED` : `${name}_FAILED`;
    }
  }
}

function familyOf(action: string): string | null {
  if (action === "login" || action.startsWith("login_")) return "LOGIN";
  if (action === "connect") return "CONNECTION";
  if (action.startsWith("send_") || action.startsWith("wish_") || action === "greet_profiles") return "MESSAGE";
  if (action === "view_profile") return "PROFILE_VIEW";
  if (action === "get_profile_details" || action === "get_profile_contact_details") return "PROFILE_DATA";
  if (action === "search" || action.startsWith("search_") || action.endsWith("_search")) return "SEARCH";
  return null;
}
