/**
 * The error catalogue: every code of the seed error model plus welink's platform codes.
 * One entry per code. Routes, webhooks, OpenAPI and docs/errors.md are all read from here.
 *
 * `httpStatus` is the status when the code is answered synchronously (for asynchronous
 * actions the code travels as the webhook's `status`, and `httpStatus` is what `get_response`
 * would have used had the action been synchronous). `scope` says what the failure is about:
 * - request:  this one request (bad input, transient trouble);
 * - prospect: the person or object acted upon (never pauses the account);
 * - account:  the LinkedIn account as a whole (pauses its lane or a bucket);
 * - session:  the account's LinkedIn session (needs a new login).
 */

export type ErrorScope = "request" | "prospect" | "account" | "session";

export type ErrorGroup =
  | "platform"
  | "auth"
  | "proxy"
  | "rate"
  | "connection"
  | "messaging"
  | "profile"
  | "search"
  | "content"
  | "engagement"
  | "event";

export interface ErrorSpec {
  httpStatus: 400 | 401 | 404 | 409 | 429 | 500;
  group: ErrorGroup;
  description: string;
  resolution: string;
  scope: ErrorScope;
  retryable: boolean;
  /** true when the code comes from the seed error model (as opposed to a welink addition). */
  seed: boolean;
}

const seed = (
  group: ErrorGroup,
  scope: ErrorScope,
  retryable: boolean,
  description: string,
  resolution: string,
  httpStatus: ErrorSpec["httpStatus"] = 400,
): ErrorSpec => ({ httpStatus, group, description, resolution, scope, retryable, seed: true });

const added = (
  group: ErrorGroup,
  scope: ErrorScope,
  retryable: boolean,
  description: string,
  resolution: string,
  httpStatus: ErrorSpec["httpStatus"] = 400,
): ErrorSpec => ({ httpStatus, group, description, resolution, scope, retryable, seed: false });

export const CATALOG = {
  // Platform (synchronous answers of the gateway).
  INVALID_REQUEST: added(
    "platform",
    "request",
    false,
    "The request body is malformed or a field is invalid",
    "Fix the field named in the message",
  ),
  UNAUTHORIZED: added(
    "platform",
    "request",
    false,
    "Missing or invalid x-api-key / x-api-secret",
    "Verify your x-api-key and x-api-secret",
    401,
  ),
  IP_NOT_ALLOWED: added(
    "platform",
    "request",
    false,
    "The caller's IP address is outside the key's allow-list",
    "Call from an allowed address or widen the key's allow-list",
    401,
  ),
  ACTION_NOT_ALLOWED: added(
    "platform",
    "request",
    false,
    "The action is outside the key's scopes",
    "Use a key whose scopes include this action",
    401,
  ),
  NOT_FOUND: added(
    "platform",
    "request",
    false,
    "Unknown endpoint, or an accountId / requestId this key cannot see",
    "Check the endpoint name and the id",
    404,
  ),
  RATE_LIMITED: added(
    "platform",
    "account",
    true,
    "Rolling-window request limit exceeded",
    "Wait retryAfter seconds for the rolling window to free a slot",
    429,
  ),
  INTERNAL_ERROR: added("platform", "request", true, "Temporary internal issue", "Retry with backoff", 500),
  ACCOUNT_NOT_ACTIVE: added(
    "platform",
    "account",
    false,
    "Linked account not active",
    "Log the account in again (login_v2 or login_cookie)",
  ),
  IDEMPOTENCY_KEY_REUSED: added(
    "platform",
    "request",
    false,
    "The Idempotency-Key was already used with a different request body",
    "Use a new Idempotency-Key for a different request",
  ),
  ACCOUNT_DISCONNECTED: added(
    "platform",
    "account",
    false,
    "The account was disconnected before the request ran",
    "Reconnect the account and submit the request again",
  ),
  LINKEDIN_SCHEMA_CHANGED: added(
    "platform",
    "request",
    false,
    "LinkedIn answered with a retired endpoint (410) or a shape welink does not recognise",
    "Update the protocol profile; the message names the operation",
    500,
  ),

  // Authentication & session.
  WRONG_PASSWORD: seed("auth", "session", false, "LinkedIn password is incorrect", "Verify credentials"),
  ACCOUNT_RESTRICTED: seed(
    "auth",
    "account",
    false,
    "Account flagged by LinkedIn",
    "Reduce activity, wait, or contact LinkedIn",
  ),
  RECRUITER_ACKNOWLEDGEMENT_REQUIRED: seed(
    "auth",
    "session",
    false,
    "Recruiter requires acknowledgement (multiple active sessions)",
    "User must acknowledge in LinkedIn Recruiter UI",
  ),
  RECRUITER_LOGIN_SUBMISSION_FAILED: seed(
    "auth",
    "session",
    true,
    "Failed to submit recruiter login credentials",
    "Retry the request; verify account has Recruiter seat",
  ),
  RECRUITER_AUTH_REQUIRED: seed(
    "auth",
    "session",
    false,
    "Failed to retain recruiter account session",
    "Re-authenticate the Recruiter account",
  ),
  SALES_SEAT_REQUIRED: seed(
    "auth",
    "account",
    false,
    "Sales Navigator subscription required",
    "Ensure the account has an active Sales Nav license",
  ),
  BASIC_INFO_NOT_FOUND: seed(
    "auth",
    "session",
    false,
    "Failed to fetch basic profile details",
    "Re-authenticate the account and retry",
  ),
  OWN_PROFILE_ID_NOT_FOUND: seed("auth", "session", false, "Own profile ID not found", "Re-authenticate the account"),
  PIN_REQUIRED: added(
    "auth",
    "session",
    false,
    "LinkedIn asks for the PIN it sent by email",
    "Call login_code with the accountId, the login's requestId and the PIN",
  ),
  INVALID_PIN: added(
    "auth",
    "session",
    false,
    "The PIN was refused by LinkedIn",
    "Call login_code again with the PIN from the latest email",
  ),
  SESSION_EXPIRED: added(
    "auth",
    "session",
    false,
    "The LinkedIn session expired or was revoked, and welink could not log in again",
    "Log the account in again (login_v2 or login_cookie)",
  ),

  // Connection & proxy.
  PROXY_ERROR: seed(
    "proxy",
    "account",
    true,
    "Proxy connection failed",
    "Check proxy config or switch to internal proxy — see Proxy Configuration",
  ),

  // Rate limit & quota.
  STATUS_429: seed("rate", "account", true, "LinkedIn rate limit hit", "Wait and reduce request frequency", 429),
  QUEUE_TIMEOUT_THRESHOLD_EXCEEDED: seed(
    "rate",
    "request",
    false,
    "Request was queued too long and automatically failed",
    "Re-submit the request; spread workload to avoid queue buildup",
  ),
  CANT_RESEND_YET: seed(
    "rate",
    "prospect",
    false,
    "Cannot re-send a connection request to the same person within two weeks",
    "Wait at least two weeks after the previous invite before retrying",
  ),
  FUSE_LIMIT_EXCEEDED: seed(
    "rate",
    "account",
    false,
    "LinkedIn weekly/rate limit exceeded",
    "Pause activity and wait for the limit to reset",
    429,
  ),
  MAX_INVITATION_SENT: seed(
    "rate",
    "account",
    false,
    "LinkedIn connection limit (30,000) has been reached",
    "Remove old pending invitations",
  ),
  CUSTOM_INVITE_LIMIT_REACHED: seed(
    "rate",
    "account",
    false,
    "Monthly limit for custom invites reached (free accounts only)",
    "Upgrade to Premium, or send invites without a custom message",
  ),
  NOT_ENOUGH_INMAIL_CREDIT: seed(
    "rate",
    "account",
    false,
    "Insufficient InMail credits or recipient not open to messages",
    "Purchase additional InMail credits",
  ),
  INSUFFICIENT_CREDITS: seed("rate", "account", false, "Company invite quota exceeded", "Wait for quota to reset"),
  TOO_MANY_FOLLOWERS: seed(
    "rate",
    "prospect",
    false,
    "Cannot invite — company has more than 5,000 followers",
    "Company follow invitations unavailable at this size",
  ),

  // Connection requests.
  ALREADY_CONNECTED: seed("connection", "prospect", false, "Already connected to the target user", "No action needed"),
  PENDING_INVITE: seed(
    "connection",
    "prospect",
    false,
    "A pending invite already exists",
    "Wait for the existing invite to be accepted or withdraw it",
  ),
  NOT_CONNECTED: seed(
    "connection",
    "prospect",
    false,
    "Not connected to this user (required for the action)",
    "Send a connection request first",
  ),
  CUSTOM_MESSAGE_TOO_LONG: seed(
    "connection",
    "request",
    false,
    "Custom invite message exceeds the 300 character limit",
    "Shorten the message to 300 characters or fewer",
  ),
  NO_INVITATION_FOUND: seed(
    "connection",
    "prospect",
    false,
    "Invitation not found",
    "Verify the invitation exists before withdrawing",
  ),
  INVITATION_ID_NOT_FOUND: seed(
    "connection",
    "prospect",
    false,
    "Failed to fetch invitation ID",
    "Confirm the profile has a pending invitation",
  ),
  CANNOT_INVITE: seed(
    "connection",
    "prospect",
    false,
    "Invites are disabled for this event",
    "The event organizer has disabled invitations",
  ),

  // Messaging.
  RECIPIENT_NOT_FIRST_DEGREE_CONNECTION: seed(
    "messaging",
    "prospect",
    false,
    "Direct messages can only be sent to first-degree connections",
    "Send a connection request first, or use InMail",
  ),
  MESSAGE_VALIDATION_PLUGIN_ERROR: seed(
    "messaging",
    "request",
    false,
    "Sender profile ID validation failed (Sales Navigator)",
    "Verify the sender profile ID is correct",
  ),
  THREAD_VALIDATION_PLUGIN_ERROR: seed(
    "messaging",
    "prospect",
    false,
    "LinkedIn thread validation failed",
    "Verify the thread ID is valid and accessible",
  ),
  UNAUTHORIZED_VIEWER: seed(
    "messaging",
    "prospect",
    false,
    "Not authorized to message this group member",
    "Ensure you are a member of the same group",
  ),
  DATAFETCHINGEXCEPTION: seed(
    "messaging",
    "prospect",
    false,
    "Follow-up message sent before first message request was accepted",
    "Wait for the initial message to be delivered first",
  ),

  // Profile & data fetch.
  PROFILE_NOT_FOUND: seed(
    "profile",
    "prospect",
    false,
    "Target LinkedIn profile doesn't exist",
    "Verify the profile URL or identifier",
  ),
  "404_PROFILE_ID": seed(
    "profile",
    "request",
    false,
    "Provided profile URL is invalid",
    "Check the URL format and try again",
  ),
  CONTACT_INFO_FETCH_FAILED: seed(
    "profile",
    "prospect",
    false,
    "Failed to fetch contact information",
    "The profile may have restricted contact visibility",
  ),
  NO_COMPANY_DATA: seed(
    "profile",
    "prospect",
    false,
    "Failed to fetch company information",
    "Verify the account has access to company data",
  ),
  NO_GROUP_DATA: seed(
    "profile",
    "prospect",
    false,
    "Failed to fetch group information",
    "Verify the account is a member of the group",
  ),
  TOTAL_COUNT_FAILED: seed("profile", "request", true, "Failed to retrieve total profile views", "Retry the request"),
  NO_VIEWERS_FOUND: seed("profile", "request", false, "No profile viewers found", "No recent profile views to display"),
  NO_CONNECTIONS_FOUND: seed(
    "profile",
    "request",
    false,
    "No connections found",
    "The account has no connections matching the query",
  ),
  NO_INVITES_FOUND: seed(
    "profile",
    "request",
    false,
    "No pending invites found",
    "No outstanding invitations to display",
  ),
  INVALID_COMPANY_URL: seed(
    "profile",
    "request",
    false,
    "Provided company URL is invalid",
    "Check the company URL format",
  ),
  "404_COMPANY": seed(
    "profile",
    "prospect",
    false,
    "Company details could not be found",
    "Verify the company URL or ID",
  ),
  COMPANY_ID_NOT_FOUND: seed(
    "profile",
    "prospect",
    false,
    "Company ID could not be resolved",
    "Confirm the company exists on LinkedIn",
  ),

  // Search.
  UNKNOWN_SEARCH_URL: seed(
    "search",
    "request",
    false,
    "Unsupported search URL",
    "Verify the search URL format and parameters",
  ),

  // Content & posts.
  NO_CONTENT_OR_MEDIA: seed(
    "content",
    "request",
    false,
    "Post content or media attachment is required",
    "Include text content or a media file",
  ),
  MULTI_SELECTION_NOT_ALLOWED: seed(
    "content",
    "request",
    false,
    "Multiple attachments not supported for this type",
    "Attach only one file of this type",
  ),
  POST_MEDIA_STILL_PROCESSING: seed(
    "content",
    "request",
    true,
    "Media is still being processed by LinkedIn",
    "Wait a few seconds and retry",
  ),
  MEDIA_UPLOAD_FAILED: seed(
    "content",
    "request",
    false,
    "Failed to upload media",
    "Verify the file format and size, then retry",
  ),
  NO_ACTIVITY_FOUND: seed("content", "prospect", false, "Post not found", "Verify the post URL or ID"),

  // Engagement.
  NO_SKILLS: seed(
    "engagement",
    "prospect",
    false,
    "No skills available to endorse",
    "The profile has no endorsable skills listed",
  ),
  NO_POSTS_TO_LIKE: seed(
    "engagement",
    "prospect",
    false,
    "No posts available to like",
    "The profile has no recent posts",
  ),
  NO_PROFILES_TO_GREET: seed(
    "engagement",
    "request",
    false,
    "No profiles to greet",
    "No contacts have matching events today",
  ),
  FORBIDDEN: seed(
    "engagement",
    "prospect",
    false,
    "No access to this account",
    "Verify the profile ID and account permissions",
  ),
  BAD_REQUEST: seed(
    "engagement",
    "request",
    false,
    "Invalid profile ID or follow status",
    "Check the request parameters",
  ),

  // Events & companies.
  EVENT_NOT_FOUND: seed(
    "event",
    "prospect",
    false,
    "Event not found or failed to retrieve event details",
    "Verify the event URL or ID",
  ),
  EVENT_FETCH_FAILED: seed(
    "event",
    "prospect",
    true,
    "Failed to fetch event details",
    "Retry the request; the event may be private",
  ),
  NO_EVENTS_FOUND: seed("event", "request", false, "No events found", "No events match the current query"),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof CATALOG;

export const ERROR_CODES = Object.keys(CATALOG) as ErrorCode[];

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(CATALOG, value);
}

export function errorSpec(code: ErrorCode): ErrorSpec {
  return CATALOG[code];
}
