/** The LinkedIn driver's public surface: sessions, the per-account client, the pieces others configure. */

export {
  bindDriver,
  DRIVER_ACTIONS,
  type DriverAction,
  type DriverContext,
  driverAction,
  type RunContextLike,
} from "./actions/index.ts";
export { LinkedInClient, MeFamily } from "./client.ts";
export type { Celebration, Connection } from "./families/connections.ts";
export type { Invitation, InvitationPage } from "./families/invitations.ts";
export type { Identity, MeResult } from "./families/me.ts";
export type { Message, SendResult, Thread } from "./families/messaging.ts";
export { threadIdOf } from "./families/messaging.ts";
export { activityUrnOf, type Comment, type MediaInput, type MediaType, type Post } from "./families/posts.ts";
export type { ContactInfo, Profile, Skill } from "./families/profiles.ts";
export type { Candidate, Contract } from "./families/recruiter.ts";
export { type ProfileRef, parseProfileUrl, profileIdOf, profileRef } from "./families/refs.ts";
export type { Lead, SalesMessage, SalesThread } from "./families/sales.ts";
export type { SearchPage, SearchResult } from "./families/search.ts";
export { parseSearchUrl, type SearchVariant } from "./families/search-url.ts";
export type { ProfileViewer } from "./families/views.ts";
export { defaultProfile, loadProfile, type ProtocolProfile } from "./profile/loader.ts";
export { SessionManager } from "./session/manager.ts";
export { statusForFailure } from "./session/outcomes.ts";
export type {
  CookieLoginInput,
  LoginOutcome,
  LoginResult,
  PasswordLoginInput,
  SessionManagerDeps,
  SessionStore,
} from "./session/types.ts";
export { ProxyPool, type ProxyPoolConfig, type ProxyRequest } from "./transport/pool.ts";
export type { ProxyConfig } from "./transport/proxy.ts";
