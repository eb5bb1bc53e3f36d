/**
 * The conformance matrix's scenarios, one per code: how the code is produced through the
 * public HTTP API against the sandbox LinkedIn. Pure data, so that `npm run docs:errors`
 * (scripts/errors-doc.ts) can write docs/errors.md from the catalogue plus this table;
 * test/e2e/conformance.test.ts runs a scenario for every row and fails when a seed code
 * has no row, or a row no scenario.
 *
 * `via`: `webhook` = the code arrives as the signed webhook's `status`; `http` = the
 * synchronous answer's HTTP status and body `status`. `fault`: the sandbox's fault
 * injection stands in for a LinkedIn failure no rule can produce.
 */
export interface MatrixRow {
  code: string;
  via: "webhook" | "http";
  scenario: string;
  fault?: boolean;
}

export const MATRIX: readonly MatrixRow[] = [
  // Authentication and sessions.
  { code: "WRONG_PASSWORD", via: "webhook", scenario: "`login_v2` for ada with a wrong password" },
  {
    code: "ACCOUNT_RESTRICTED",
    via: "webhook",
    scenario: "`login_v2` for the `restricted@` persona, a member LinkedIn restricted",
  },
  {
    code: "RECRUITER_ACKNOWLEDGEMENT_REQUIRED",
    via: "webhook",
    scenario:
      "margaret opened Recruiter in her own browser; welink's next Recruiter login is refused until acknowledged (`recruiter_inmail_credits`)",
  },
  {
    code: "RECRUITER_LOGIN_SUBMISSION_FAILED",
    via: "webhook",
    scenario:
      "`recruiter_contracts` for ada, who has no Recruiter seat (retryable: welink retries, its clock moved ahead)",
  },
  {
    code: "RECRUITER_AUTH_REQUIRED",
    via: "webhook",
    scenario:
      'margaret\'s Recruiter session in welink is taken over by a browser login with "continue here"; the next `recruiter_inmail_credits` finds it gone',
  },
  { code: "SALES_SEAT_REQUIRED", via: "webhook", scenario: "`sales_navigator_search` for ada, who has no seat" },
  {
    code: "BASIC_INFO_NOT_FOUND",
    via: "webhook",
    scenario: "`login_v2` for the `blank@` persona, whose `/me` lacks the mini profile",
  },
  {
    code: "OWN_PROFILE_ID_NOT_FOUND",
    via: "webhook",
    scenario: "`login_v2` for a member while `/me` answers the mini profile without its ids (fault `me_without_id`)",
    fault: true,
  },
  {
    code: "PROXY_ERROR",
    via: "webhook",
    scenario: "`login_v2` through the sandbox's proxy port with a wrong proxy password (407); retried, then failed",
  },
  // Rate limits and quotas.
  {
    code: "STATUS_429",
    via: "webhook",
    scenario:
      "70 requests at once from one member break LinkedIn's burst rule (60 a minute); welink cools the account down and retries until the request gives up",
  },
  {
    code: "QUEUE_TIMEOUT_THRESHOLD_EXCEEDED",
    via: "webhook",
    scenario: "an account paced at one action an hour; the second request has `queue_timeout_s: 60`",
  },
  {
    code: "CANT_RESEND_YET",
    via: "webhook",
    scenario: "`connect`, `withdraw_invite`, then `connect` again to the same member within 14 days",
  },
  {
    code: "FUSE_LIMIT_EXCEEDED",
    via: "webhook",
    scenario:
      "a free member's weekly invitation allowance (setting lowered to what it sent + 1) is used up by `connect`",
  },
  {
    code: "MAX_INVITATION_SENT",
    via: "webhook",
    scenario: "`connect` when connections + pending invitations reach the ceiling (setting lowered to ada's count)",
  },
  {
    code: "CUSTOM_INVITE_LIMIT_REACHED",
    via: "webhook",
    scenario: "a free member's sixth `connect` with a note in one calendar month",
  },
  {
    code: "NOT_ENOUGH_INMAIL_CREDIT",
    via: "webhook",
    scenario: "`send_inmail_message` from ada's free account, which has no InMail credits",
  },
  {
    code: "INSUFFICIENT_CREDITS",
    via: "webhook",
    scenario: "`invite_to_follow_company` by the page admin after the page's monthly credits are spent",
  },
  {
    code: "TOO_MANY_FOLLOWERS",
    via: "webhook",
    scenario: "`invite_to_follow_company` for Sandbox Global, a page with over 5,000 followers",
  },
  // Connection requests.
  { code: "ALREADY_CONNECTED", via: "webhook", scenario: "`connect` to one of ada's connections" },
  {
    code: "PENDING_INVITE",
    via: "webhook",
    scenario: "`connect` to a member whose invitation to ada is still pending",
  },
  { code: "NOT_CONNECTED", via: "webhook", scenario: "`disconnect` from a member ada is not connected to" },
  {
    code: "CUSTOM_MESSAGE_TOO_LONG",
    via: "http",
    scenario: "`connect` with a 301-character note: refused at once with HTTP 400",
  },
  {
    code: "NO_INVITATION_FOUND",
    via: "webhook",
    scenario: "`withdraw_invite` of an invitation id that does not exist",
  },
  {
    code: "INVITATION_ID_NOT_FOUND",
    via: "webhook",
    scenario: "`withdraw_invite` by `profile_id` for a member with no pending invitation from ada",
  },
  {
    code: "CANNOT_INVITE",
    via: "webhook",
    scenario: "`event_invite` to the Summit, whose organizer disabled invitations (ada attends it)",
  },
  // Messaging.
  {
    code: "RECIPIENT_NOT_FIRST_DEGREE_CONNECTION",
    via: "webhook",
    scenario: "`send_message_to_profile_id` to a member ada is not connected to",
  },
  {
    code: "MESSAGE_VALIDATION_PLUGIN_ERROR",
    via: "webhook",
    scenario: "`send_sales_navigator_inmail` by linus with ada's Sales Navigator id as `sender_profile_id`",
  },
  {
    code: "THREAD_VALIDATION_PLUGIN_ERROR",
    via: "webhook",
    scenario: "`send_message_to_thread` into a conversation of another member",
  },
  {
    code: "UNAUTHORIZED_VIEWER",
    via: "webhook",
    scenario: "`send_message_to_group_member` to someone outside the group named",
  },
  {
    code: "DATAFETCHINGEXCEPTION",
    via: "webhook",
    scenario: "a group-member message request, then a follow-up in its thread before the recipient accepted it",
  },
  // Profiles and data.
  {
    code: "PROFILE_NOT_FOUND",
    via: "webhook",
    scenario: "`get_profile_details` of a well-formed vanity name nobody holds",
  },
  {
    code: "404_PROFILE_ID",
    via: "webhook",
    scenario: "`get_profile_details` with a company URL as `profile_url`",
  },
  {
    code: "CONTACT_INFO_FETCH_FAILED",
    via: "webhook",
    scenario: "`get_profile_contact_details` of a stranger who shares contact info with connections only",
  },
  {
    code: "NO_COMPANY_DATA",
    via: "webhook",
    scenario: "`get_company_details` of company 1003, a page that exists but shows nothing",
  },
  { code: "NO_GROUP_DATA", via: "webhook", scenario: "`get_group_details` of a group ada is not a member of" },
  {
    code: "TOTAL_COUNT_FAILED",
    via: "webhook",
    scenario: "`profile_views` while LinkedIn cannot count the views (fault `total_count`); retried, then failed",
    fault: true,
  },
  {
    code: "NO_VIEWERS_FOUND",
    via: "webhook",
    scenario: "`profile_views` for a member nobody viewed in the last 90 days",
  },
  {
    code: "NO_CONNECTIONS_FOUND",
    via: "webhook",
    scenario: "`connections` of a member who removed its only connection",
  },
  { code: "NO_INVITES_FOUND", via: "webhook", scenario: "`pending_invites` of linus, who has sent none" },
  {
    code: "INVALID_COMPANY_URL",
    via: "webhook",
    scenario: "`get_company_details` with a post URL as `company_url`",
  },
  { code: "404_COMPANY", via: "webhook", scenario: "`get_company_details` of a company id LinkedIn does not know" },
  {
    code: "COMPANY_ID_NOT_FOUND",
    via: "webhook",
    scenario: "`get_company_details` of a vanity name that resolves to no page",
  },
  // Search.
  {
    code: "UNKNOWN_SEARCH_URL",
    via: "webhook",
    scenario: "`search_groups` with a people-search URL (and `search` with a jobs URL)",
  },
  // Content.
  { code: "NO_CONTENT_OR_MEDIA", via: "webhook", scenario: "`create_post` with blank text and no media" },
  {
    code: "MULTI_SELECTION_NOT_ALLOWED",
    via: "webhook",
    scenario: "`create_post` with a video and an image together",
  },
  {
    code: "POST_MEDIA_STILL_PROCESSING",
    via: "webhook",
    scenario:
      "`create_post` with a video while LinkedIn still processes it; welink retries on its clock (moved ahead), then gives up",
  },
  {
    code: "MEDIA_UPLOAD_FAILED",
    via: "webhook",
    scenario: "`create_post` with an image over LinkedIn's image size limit (setting lowered below the file)",
  },
  { code: "NO_ACTIVITY_FOUND", via: "webhook", scenario: "`comment_on_post` on an activity that does not exist" },
  // Engagement.
  {
    code: "NO_SKILLS",
    via: "webhook",
    scenario: "`endorse` of a skill of grace's that ada already endorsed: no skill left to endorse",
  },
  {
    code: "NO_POSTS_TO_LIKE",
    via: "webhook",
    scenario: "`like_posts` of a connection who never posted",
  },
  {
    code: "NO_PROFILES_TO_GREET",
    via: "webhook",
    scenario: "`greet_profiles` for linus, none of whose connections has an occasion today",
  },
  {
    code: "FORBIDDEN",
    via: "webhook",
    scenario: "`invite_to_follow_company` for a page ada does not administer",
  },
  {
    code: "BAD_REQUEST",
    via: "webhook",
    scenario: "`follow_profile` of a member ada already follows",
  },
  // Events.
  { code: "EVENT_NOT_FOUND", via: "webhook", scenario: "`get_event_details` of an event id that does not exist" },
  {
    code: "EVENT_FETCH_FAILED",
    via: "webhook",
    scenario: "`get_event_details` of a private event ada is not part of (retryable: retried, then failed)",
  },
  { code: "NO_EVENTS_FOUND", via: "webhook", scenario: "`events` of linus, who attends none" },
  // welink's own codes.
  { code: "PIN_REQUIRED", via: "webhook", scenario: "`login_v2` for the `pin@` persona, whom LinkedIn asks for a PIN" },
  { code: "INVALID_PIN", via: "webhook", scenario: "`login_code` with a wrong PIN for the `pin@` persona" },
  {
    code: "ACCOUNT_NOT_ACTIVE",
    via: "http",
    scenario: "an action for the `pin@` account while it waits for its PIN: HTTP 400",
  },
  { code: "INVALID_REQUEST", via: "http", scenario: "`connect` without `profile_id`: HTTP 400" },
  { code: "UNAUTHORIZED", via: "http", scenario: "any call with a wrong `x-api-secret`: HTTP 401" },
  { code: "NOT_FOUND", via: "http", scenario: "an unknown endpoint, or another workspace's accountId: HTTP 404" },
  {
    code: "IDEMPOTENCY_KEY_REUSED",
    via: "http",
    scenario: "the same `Idempotency-Key` with another body: HTTP 400",
  },
  {
    code: "IP_NOT_ALLOWED",
    via: "http",
    scenario: "a call from 127.0.0.1 with a key whose allow-list is 10.0.0.0/8: HTTP 401",
  },
  {
    code: "ACTION_NOT_ALLOWED",
    via: "http",
    scenario: "`connect` with a key scoped to the `profiles` family: HTTP 401",
  },
  {
    code: "RATE_LIMITED",
    via: "http",
    scenario: "the 101st action request of one account within 60 minutes: HTTP 429 with `retryAfter`",
  },
  {
    code: "SESSION_EXPIRED",
    via: "webhook",
    scenario:
      "an account connected with `login_cookie` (no password to log in again) whose sessions LinkedIn revoked; its next action",
  },
  {
    code: "LINKEDIN_SCHEMA_CHANGED",
    via: "webhook",
    scenario: "`profile_views` while LinkedIn answers 410 Gone on the viewers endpoint (fault `410` on that path)",
    fault: true,
  },
  {
    code: "INTERNAL_ERROR",
    via: "webhook",
    scenario: "`inmail_credits` while LinkedIn answers 503 to the account (fault `5xx`); retried, then failed",
    fault: true,
  },
  {
    code: "ACCOUNT_DISCONNECTED",
    via: "webhook",
    scenario: "`disconnect_account` while a request waits in the account's queue",
  },
];
