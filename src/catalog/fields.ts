import { z } from "zod";

/**
 * Field schemas shared by the family files, so `accountId` or a note means the same thing
 * on every endpoint and the OpenAPI document describes it once.
 */

export const accountId = z.string().min(1).describe("welink id of the connected LinkedIn account");
export const profileId = z.string().min(1).describe("LinkedIn member id (ACoA… style) or public identifier");
export const profileUrl = z.string().min(1).describe("LinkedIn profile URL");
export const publicIdentifier = z.string().min(1).describe("vanity name of the profile (linkedin.com/in/<this>)");
export const threadId = z.string().min(1).describe("LinkedIn conversation id");
export const cursor = z.string().optional().describe("paging cursor from the previous answer's next_cursor");
export const text = (max: number) => z.string().min(1).max(max);
export const messageText = z.string().min(1).max(8000).describe("message text");
export const contractId = z.string().min(1).describe("Recruiter contract id (from recruiter_contracts)");
export const companyId = z.string().min(1).describe("LinkedIn company id or vanity name");
export const groupId = z.string().min(1).describe("LinkedIn group id");
export const eventId = z.string().min(1).describe("LinkedIn event id");
export const postId = z.string().min(1).describe("LinkedIn post (activity) id or URN");
export const postUrl = z.string().min(1).describe("LinkedIn post URL");

/** Per-request override of the queue timeout (seconds); QUEUE_TIMEOUT_THRESHOLD_EXCEEDED after it. */
export const queueTimeout = z.number().int().min(1).max(31_536_000).optional();

/** Options every message send takes (API.md, "Messaging"). */
export const sendOptions = {
  track_reply: z.boolean().optional().describe("fire message_received once when the recipient replies"),
  frequency: z.number().positive().max(720).optional().describe("hours between reply checks (default 1)"),
};

export const proxy = z
  .union([
    z.object({ location: z.string().min(2).max(8).describe("country code of the internal proxy pool") }),
    z.object({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535),
      username: z.string().optional(),
      password: z.string().optional(),
      protocol: z.enum(["http", "https", "socks5"]).optional(),
    }),
  ])
  .describe('{"location":"US"} (internal pool) or {"host","port","username","password","protocol"}');

/** The common envelope: every async input may carry queue_timeout_s. */
export function input<T extends z.ZodRawShape>(shape: T) {
  return z.object({ ...shape, queue_timeout_s: queueTimeout });
}

/**
 * An input that takes a request id, accepted as `requestId`, `requestID` or `request_id`
 * (all three appear in We-Link's own examples); the handler sees `requestId`.
 */
export function withRequestId<T extends z.ZodRawShape>(shape: T) {
  type Out = z.output<z.ZodObject<T>> & { requestId: string };
  return z
    .object({
      ...shape,
      requestId: z.string().min(1).optional(),
      requestID: z.string().min(1).optional(),
      request_id: z.string().min(1).optional(),
    })
    .superRefine((value, ctx) => {
      const v = value as Record<string, unknown>;
      if (!v.requestId && !v.requestID && !v.request_id) {
        ctx.addIssue({
          code: "custom",
          path: ["request_id"],
          message: "required (also accepted as requestId or requestID)",
        });
      }
    })
    .transform((value): Out => {
      const { requestID, request_id, ...rest } = value as Record<string, unknown>;
      return { ...rest, requestId: rest.requestId ?? requestID ?? request_id } as Out;
    });
}

/** Requires at least one of the named fields (e.g. profile_url or profile_id). */
export function oneOf<T extends z.ZodObject>(schema: T, fields: readonly string[]) {
  return schema.superRefine((value, ctx) => {
    const record = value as Record<string, unknown>;
    if (!fields.some((f) => record[f] !== undefined && record[f] !== "")) {
      ctx.addIssue({ code: "custom", path: [fields[0]!], message: `one of ${fields.join(", ")} is required` });
    }
  });
}

/** The ZodObject under refinements and transforms, for reading the declared fields. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: unknown = schema;
  for (let i = 0; i < 5 && current; i++) {
    const c = current as { shape?: Record<string, z.ZodType>; def?: { in?: unknown } };
    if (c.shape) return c.shape;
    current = c.def?.in;
  }
  return undefined;
}
