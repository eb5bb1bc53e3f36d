import type { AccountStatus, RequestRow } from "../store/types.ts";
import type { NewDelivery } from "../store/webhook-types.ts";
import { eventPayload, eventTypeOf, requestPayload, type UnsolicitedEvent } from "../webhooks/payload.ts";

/**
 * The outbox rows the engine writes in the same transaction as the state they report:
 * a request's terminal state, an account's status change, a tracker that fired.
 */
export function requestDelivery(request: RequestRow, now: number): NewDelivery {
  return {
    workspaceId: request.workspaceId,
    accountId: request.accountId,
    requestId: request.id,
    eventType: eventTypeOf(request.action),
    payload: requestPayload(request),
    now,
  };
}

export function eventDelivery(
  workspaceId: string,
  accountId: string,
  type: UnsolicitedEvent,
  data: Record<string, unknown>,
  now: number,
): NewDelivery {
  return {
    workspaceId,
    accountId,
    requestId: null,
    eventType: eventTypeOf(type),
    payload: eventPayload(type, accountId, data),
    now,
  };
}

export function accountStatusDelivery(
  workspaceId: string,
  accountId: string,
  status: AccountStatus,
  reason: string,
  now: number,
): NewDelivery {
  return eventDelivery(workspaceId, accountId, "account_status", { accountId, status, reason }, now);
}
