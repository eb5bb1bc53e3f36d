/**
 * The world's records. Plain objects: the http layer reads them directly to build
 * LinkedIn-shaped answers, and the generator builds them. Ids are numbers inside the
 * world; `urn`s and LinkedIn-style string ids are precomputed where LinkedIn shows them.
 */

export type Tier = "free" | "premium" | "sales_navigator" | "recruiter";

/** Who may see a member's contact info. */
export type Visibility = "everyone" | "connections" | "hidden";

export interface ContactInfo {
  email: string;
  phone: string | null;
  website: string | null;
  twitter: string | null;
  visibility: Visibility;
}

export interface Skill {
  name: string;
  /** memberIds of who endorsed it. */
  endorserIds: number[];
}

export interface RecruiterContract {
  id: number;
  name: string;
}

export interface Member {
  /** Numeric legacy id: `urn:li:member:<memberId>`. */
  memberId: number;
  /** `ACoAA…`: `urn:li:fsd_profile:<profileId>`, the canonical key. */
  profileId: string;
  /** `ACwAA…`: Sales Navigator's id of the same member. */
  salesId: string;
  /** `AEMAA…`: Recruiter's id of the same member. */
  recruiterId: string;
  /** The vanity of `linkedin.com/in/<publicIdentifier>`. */
  publicIdentifier: string;
  firstName: string;
  lastName: string;
  headline: string;
  location: string;
  /** `urn:li:fsd_geo:<geoId>`; search filters take the bare number. */
  geoId: number;
  industry: string;
  industryId: number;
  companyId: number | null;
  companyName: string;
  title: string;
  pastCompanyIds: number[];
  schoolId: number | null;
  schoolName: string;
  /** ISO 639-1 codes, e.g. "en". */
  languages: string[];
  email: string;
  password: string;
  tier: Tier;
  restricted: boolean;
  needsPin: boolean;
  /**
   * Authenticator-app two-step verification: the base32 TOTP secret. Every login then asks
   * for the app's code (`AUTHENTICATOR_APP` challenge) instead of the email PIN.
   */
  totpSecret: string | null;
  /** `/me` answers without the mini profile (BASIC_INFO_NOT_FOUND). */
  blankMe: boolean;
  /** Premium "Open Profile": anyone may message them without InMail. */
  openProfile: boolean;
  /** false = a "closed" recipient who refuses InMail. */
  acceptsInMail: boolean;
  contactInfo: ContactInfo;
  skills: Skill[];
  birthday: { month: number; day: number } | null;
  /** Start of the current position: its anniversary is the "work anniversary". */
  jobStartedAt: number;
  /** When the member last changed job (shown as a job change on that day), if ever. */
  jobChangedAt: number | null;
  recruiterContracts: RecruiterContract[];
  createdAt: number;
}

export type InvitationStatus = "pending" | "accepted" | "ignored" | "withdrawn" | "dropped";

export interface Invitation {
  id: number;
  /** `urn:li:fsd_invitation:<id>`. */
  urn: string;
  /** Accepting also carries it, as on LinkedIn. */
  sharedSecret: string;
  fromId: number;
  toId: number;
  message: string | null;
  sentAt: number;
  status: InvitationStatus;
  resolvedAt: number | null;
}

export type ThreadKind = "normal" | "message_request" | "inmail" | "sales_navigator" | "recruiter";

/** Why a message request was allowed: a shared group or event, or an open profile. */
export type RequestContext = { group: number } | { event: number } | { openProfile: true };

export interface Message {
  id: number;
  /** `urn:li:msg_message:(urn:li:fsd_profile:<sender>,<threadId>)`-style key is built by http. */
  threadId: string;
  senderId: number;
  subject: string | null;
  text: string;
  sentAt: number;
}

export interface Thread {
  /** `2-<base64>`. */
  id: string;
  kind: ThreadKind;
  /** participants[0] started the thread. */
  participantIds: number[];
  createdAt: number;
  lastActivityAt: number;
  messages: Message[];
  /** false until a recipient replied (or accepted a message request). */
  accepted: boolean;
  requestContext: RequestContext | null;
  /** The InMail credit this thread consumed, if any (refunded on a reply within 90 days). */
  credit: { memberId: number; month: string; refunded: boolean } | null;
  contractId: number | null;
  /** memberIds who have read up to the last message. */
  readBy: number[];
}

export interface Company {
  id: number;
  /** `company/<universalName>`. */
  universalName: string;
  name: string;
  industry: string;
  industryId: number;
  description: string;
  staffCount: number;
  followerIds: Set<number>;
  /** Followers outside the simulated members (a big page without 100k members in memory). */
  extraFollowers: number;
  adminIds: Set<number>;
  /** The page exists but shows nothing (NO_COMPANY_DATA). */
  empty: boolean;
  /** month key → follow-invite credits used. */
  inviteCreditsUsed: Map<string, number>;
  /** invitee memberId → when invited to follow. */
  followInvites: Map<number, number>;
}

export interface Group {
  id: number;
  name: string;
  description: string;
  memberIds: Set<number>;
  adminIds: Set<number>;
  createdAt: number;
}

export interface SandboxEvent {
  id: number;
  name: string;
  description: string;
  organizerIds: Set<number>;
  attendeeIds: Set<number>;
  /** The organizer allows attendees to invite connections. */
  invitesEnabled: boolean;
  private: boolean;
  startsAt: number;
  /** invitee memberId → inviter memberId. */
  invitations: Map<number, number>;
}

export type MediaKind = "image" | "video" | "document";

export interface Media {
  /** `urn:li:digitalmediaAsset:<id>`. */
  id: string;
  ownerId: number;
  kind: MediaKind;
  mimeType: string;
  sizeBytes: number;
  uploadedAt: number;
  /** Videos are processing until then (POST_MEDIA_STILL_PROCESSING). */
  readyAt: number;
}

export interface Comment {
  id: number;
  authorId: number;
  text: string;
  createdAt: number;
}

export interface Post {
  /** The 19-digit number of `urn:li:activity:<id>` (a string: it is over 2^53). */
  id: string;
  authorId: number;
  text: string;
  mediaIds: string[];
  createdAt: number;
  /** memberId → reaction type (LIKE, PRAISE, EMPATHY, …). */
  reactions: Map<number, string>;
  comments: Comment[];
  deleted: boolean;
}

export interface ProfileView {
  viewerId: number;
  viewedId: number;
  at: number;
}
