/**
 * A world refusal as it appears on the wire: the code LinkedIn writes and the HTTP status
 * it comes with (sandbox-protocol.md §6–§13). The world names causes; this table is the
 * one place that decides how each looks to a client, e.g. CANT_RESEND_YET with a 429.
 */

/** Status per code where the protocol fixes it; other codes keep the world's status. */
const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  CANT_RESEND_YET: 429,
  PENDING_INVITE: 409,
  ALREADY_CONNECTED: 409,
  CUSTOM_MESSAGE_TOO_LONG: 400,
  CUSTOM_INVITE_LIMIT_REACHED: 429,
  FUSE_LIMIT_EXCEEDED: 429,
  MAX_INVITATION_SENT: 400,
  PROFILE_NOT_FOUND: 404,
  NO_INVITATION_FOUND: 404,
  INVITATION_ID_NOT_FOUND: 404,
  CANT_ACCEPT_CONNECTION_LIMIT_REACHED: 400,
  RECIPIENT_NOT_FIRST_DEGREE_CONNECTION: 403,
  THREAD_VALIDATION_PLUGIN_ERROR: 400,
  MESSAGE_VALIDATION_PLUGIN_ERROR: 400,
  DATAFETCHINGEXCEPTION: 400,
  UNAUTHORIZED_VIEWER: 403,
  EVENT_NOT_FOUND: 404,
  NOT_ENOUGH_INMAIL_CREDIT: 402,
  MEDIA_UPLOAD_FAILED: 400,
  NO_CONTENT_OR_MEDIA: 400,
  MULTI_SELECTION_NOT_ALLOWED: 400,
  POST_MEDIA_STILL_PROCESSING: 400,
  NO_ACTIVITY_FOUND: 404,
  NOT_CONNECTED: 400,
  FORBIDDEN: 403,
  INSUFFICIENT_CREDITS: 429,
  TOO_MANY_FOLLOWERS: 400,
  CANNOT_INVITE: 403,
  CONTACT_INFO_FETCH_FAILED: 403,
  SALES_SEAT_REQUIRED: 403,
  ACCOUNT_RESTRICTED: 403,
  COMMERCIAL_USE_LIMIT_REACHED: 429,
  NO_SKILLS: 404,
  "404_COMPANY": 404,
  COMPANY_ID_NOT_FOUND: 404,
};

/** World codes that LinkedIn spells differently on the wire. */
const RENAME: Record<string, string> = {
  COMMERCIAL_USE_LIMIT: "COMMERCIAL_USE_LIMIT_REACHED",
  "404_PROFILE_ID": "BAD_REQUEST",
};

/** Codes a GraphQL operation reports as HTTP 200 with `errors` (the rest keep their status). */
export const GRAPHQL_ERROR_CODES = new Set([
  "THREAD_VALIDATION_PLUGIN_ERROR",
  "UNAUTHORIZED_VIEWER",
  "EVENT_FETCH_FAILED",
  "NO_CONTENT_OR_MEDIA",
  "MULTI_SELECTION_NOT_ALLOWED",
  "POST_MEDIA_STILL_PROCESSING",
  "MEDIA_UPLOAD_FAILED",
  "DATAFETCHINGEXCEPTION",
]);

export function wireCode(code: string): string {
  return RENAME[code] ?? code;
}

export function wireStatus(code: string, worldStatus: number): number {
  return STATUS[wireCode(code)] ?? worldStatus;
}
