import { z } from "zod";
import { WelinkError } from "../errors/index.ts";
import type { WebhookService } from "../webhooks/service.ts";
import { defineAction, type SyncContext } from "./define.ts";

/**
 * Webhook configuration (API.md "Webhook configuration"; new, sync). The logic lives in
 * src/webhooks/service.ts; these entries give it routes, validation and OpenAPI.
 */

function service(ctx: SyncContext): WebhookService {
  if (!ctx.deps.webhooks) throw new WelinkError("INTERNAL_ERROR", "Webhooks are not enabled on this server");
  return ctx.deps.webhooks;
}

const deliveryId = z.string().min(1).describe("id of a delivery (also its webhook-id header)");

export const webhooks = [
  defineAction({
    name: "webhook_set",
    family: "webhooks",
    mode: "sync",
    summary: "Set the workspace's webhook URL, secret, event filter and signing mode; returns a generated secret once",
    input: z.object({
      url: z.string().min(1).describe("http(s) URL that receives the signed POSTs"),
      secret: z
        .string()
        .min(1)
        .optional()
        .describe("whsec_<base64 of 24-64 random bytes>; generated (and returned once) when omitted"),
      events: z
        .array(z.string())
        .optional()
        .describe('event types to send, e.g. ["connect", "/api/v1/message_received"]; empty or ["*"] = all'),
      signing: z.enum(["jwt", "hmac-hex"]).optional().describe("how `hash` is computed (default jwt: HS256)"),
    }),
    codes: ["INVALID_REQUEST"],
    handler: (ctx, input) => service(ctx).set(ctx.workspaceId, input),
  }),
  defineAction({
    name: "webhook_get",
    family: "webhooks",
    mode: "sync",
    summary: "The workspace's webhook URL, event filter and signing mode (never the secret)",
    input: z.object({}),
    codes: ["NOT_FOUND"],
    handler: (ctx) => service(ctx).get(ctx.workspaceId),
  }),
  defineAction({
    name: "webhook_deliveries",
    family: "webhooks",
    mode: "sync",
    summary: "The delivery log, newest first: each delivery with its attempts, response codes and times",
    input: z
      .object({
        requestId: z.string().min(1).optional(),
        requestID: z.string().min(1).optional(),
        request_id: z.string().min(1).optional(),
        status: z.enum(["pending", "delivered", "failed"]).optional(),
        cursor: z.string().optional().describe("next_cursor of the previous page"),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .transform(({ requestID, request_id, ...rest }) => ({
        ...rest,
        requestId: rest.requestId ?? requestID ?? request_id,
      })),
    codes: ["INVALID_REQUEST"],
    handler: (ctx, input) => {
      const { requestId, status, cursor, limit } = input;
      return service(ctx).deliveries(ctx.workspaceId, {
        ...(requestId !== undefined ? { requestId } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
    },
  }),
  defineAction({
    name: "webhook_replay",
    family: "webhooks",
    mode: "sync",
    summary: "Send a delivery again now, with the same webhook-id",
    input: z.object({ delivery_id: deliveryId }),
    codes: ["NOT_FOUND"],
    handler: (ctx, input) => service(ctx).replay(ctx.workspaceId, input.delivery_id),
  }),
  defineAction({
    name: "webhook_test",
    family: "webhooks",
    mode: "sync",
    summary: "Send a test event to the configured URL (whatever its event filter)",
    input: z.object({}),
    codes: ["NOT_FOUND"],
    handler: (ctx) => service(ctx).test(ctx.workspaceId),
  }),
];
