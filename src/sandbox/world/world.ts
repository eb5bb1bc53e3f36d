/**
 * The simulated LinkedIn's state and rules, with no HTTP. The http layer (src/sandbox/http)
 * builds LinkedIn's protocol on top of this API; the generator (src/sandbox/generator) fills it.
 *
 * Public API (every refusal is a thrown `SandboxRefusal { code, httpStatus, message }`):
 * - `new World({ seed?, start?, settings? })`; `world.seed`, `world.settings`.
 * - Clock: `now()`, `setTime(ms)`, `advance(ms)` (epoch ms). `world.random` (seeded).
 * - `world.members`: `add`, `get(memberId)`, `require`, `byProfileId`, `bySalesId`,
 *   `byRecruiterId`, `byPublicIdentifier`, `byEmailAddress`, `resolve(anyRef)`, `list`, `count`.
 * - `world.sessions`: `authenticate(email, pw)`, `login(email, pw)` → PASS {session} |
 *   CHALLENGE {challengeId}, `verifyPin(challengeId, pin)`, `issue`, `get(liAt)`,
 *   `active(liAt)`, `revoke`, `revokeAll(memberId)`, `startRecruiter(liAt, ack?)`,
 *   `requireRecruiter(liAt)`.
 * - `world.noteRequest(memberId)` on every authenticated request → true = answer 429
 *   (burst rule); `world.pushback.blockedUntil(memberId)`, `.lift(memberId)`.
 * - `world.graph`: `connect(a, b, at)`, `disconnect`, `areConnected`, `connections(id)`
 *   (newest first), `count(id)`, `degree(viewer, other)` (0/1/2/3), `secondDegree(viewer)`,
 *   `shared(a, b)`.
 * - `world.invitations`: `send(fromId, toId, note?)` (status "dropped" = silent drop: answer
 *   it as a success), `withdraw(memberId, invitationId)`, `accept(memberId, invitationId,
 *   sharedSecret?)`, `ignore(…)`, `get(id)`, `pendingBetween(a, b)`, `requirePendingWith`,
 *   `sent(memberId)`, `received(memberId)` (pending, newest first), `sentThisWeek`,
 *   `notesThisMonth`.
 * - `world.messaging`: `send(from, to, text, senderProfileId?)` (1st degree),
 *   `sendRequest(from, to, text, {group}|{event}|{openProfile:true})`, `sendInMail(from, to,
 *   subject, text)`, `sendSalesNavigator(from, salesId, to, subject, text)`,
 *   `sendRecruiter(liAt, contractId, to, subject, text)`, `reply(memberId, threadId, text,
 *   senderProfileId?)` (also "reply as the other member"), `accept(memberId, threadId)`,
 *   `view(memberId, threadId)`, `get`, `inbox(memberId, kinds?)`, `markRead`, `normalThread`.
 *   `world.credits.available(memberId)` (InMail credits this month).
 * - `world.companies`: `add`, `get`, `require` (404_COMPANY), `byVanity`
 *   (COMPANY_ID_NOT_FOUND), `resolve(anyRef)` (INVALID_COMPANY_URL), `view` (NO_COMPANY_DATA),
 *   `followerCount`, `follow`/`unfollow` (BAD_REQUEST when senseless), `isFollowing`,
 *   `followedBy`, `administeredBy`, `creditsLeft`, `inviteToFollow(admin, company, ids)`.
 * - `world.groups`: `add`, `get`, `view(viewer, id)` (NO_GROUP_DATA), `membersOf`, `join`,
 *   `leave`, `ofMember`, `share(a, b, id)`.
 * - `world.events`: `add`, `get`, `view(viewer, id)` (EVENT_NOT_FOUND, EVENT_FETCH_FAILED),
 *   `attend`, `invite(inviter, id, ids)` (CANNOT_INVITE), `ofMember`, `share`.
 * - `world.posts`: `registerUpload(owner, {kind, mimeType, sizeBytes})` (MEDIA_UPLOAD_FAILED),
 *   `create(author, {text, mediaIds})` (NO_CONTENT_OR_MEDIA, MULTI_SELECTION_NOT_ALLOWED,
 *   POST_MEDIA_STILL_PROCESSING), `require(ref)` (NO_ACTIVITY_FOUND), `get`, `delete`, `by(author)`,
 *   `feed(member)`, `react(member, ref, type?)`, `unreact`, `comment(member, ref, text)`.
 * - `world.profiles`: `contactInfo(viewer, member)` (CONTACT_INFO_FETCH_FAILED), `skills`,
 *   `endorse(endorser, member, skill)` (NOT_CONNECTED, NO_SKILLS), `follow`/`unfollow`
 *   (FORBIDDEN, BAD_REQUEST), `isFollowing`, `followerCount`, `recordView(viewer, viewed)`,
 *   `viewers(member)`, `viewsTotal(member)` (TOTAL_COUNT_FAILED under a fault),
 *   `greetings(member)` → {birthdays, workAnniversaries, jobChanges} today.
 * - `world.search`: `people(viewer, filters, {start, count})` (COMMERCIAL_USE_LIMIT for free
 *   accounts past 300 a month), `salesNavigator(…)` (SALES_SEAT_REQUIRED), `recruiter(…)` (after
 *   `sessions.requireRecruiter(liAt)`),
 *   `companies|groups|events|posts(viewer, keywords, paging)` → {total, start, count, elements}.
 * - Lists come back empty when LinkedIn's would (NO_*_FOUND is the client's reading of that).
 * - `world.counters`: `of(memberId)`, `all()`, `reset()` (what members really did).
 * - `world.faults`: `inject(spec)` (use `world.injectFault` to also apply restriction and
 *   revoked at once), `list()`, `clear(filter?)`, `take(memberId, path)` on each request.
 *   When the http layer answers an injected 429, it calls `world.pushback.record(memberId)`
 *   so that it counts toward the repeated-pushback restriction, as a real 429 does.
 * - Restriction: every write starts with `pushback.guardAction(memberId)` (ACCOUNT_RESTRICTED);
 *   `member.restricted` is the flag the http layer reads to answer a restricted member's
 *   requests (checkpoint redirect), and `pushback.lift(memberId)` clears it.
 * - The generator (src/sandbox/generator): `generateWorld({ seed, members, start, settings })`,
 *   `PERSONA_IDS`, `PERSONA_COMPANIES`, `PERSONA_GROUPS`, `PERSONA_EVENTS`, `dumpWorld`, `worldHash`.
 */

import { WorldClock } from "./clock.ts";
import { Companies } from "./companies.ts";
import { Counters } from "./counters.ts";
import { Events } from "./events.ts";
import { type Fault, type FaultSpec, Faults } from "./faults.ts";
import { Graph } from "./graph.ts";
import { Groups } from "./groups.ts";
import { InMailCredits } from "./inmail.ts";
import { Invitations } from "./invitations.ts";
import { Members } from "./members.ts";
import { Messaging } from "./messaging.ts";
import { Posts } from "./posts.ts";
import { Profiles } from "./profiles.ts";
import { Pushback } from "./pushback.ts";
import { SeededRandom } from "./random.ts";
import { Search } from "./search.ts";
import { Sessions } from "./sessions.ts";
import { DEFAULT_SETTINGS, type WorldSettings } from "./settings.ts";

export interface WorldOptions {
  seed?: number;
  /** The clock's start (epoch ms). */
  start?: number;
  settings?: Partial<WorldSettings>;
}

export class World {
  readonly seed: number;
  readonly settings: WorldSettings;
  readonly clock: WorldClock;
  readonly random: SeededRandom;
  readonly members: Members;
  readonly sessions: Sessions;
  readonly counters: Counters;
  readonly pushback: Pushback;
  readonly graph: Graph;
  readonly invitations: Invitations;
  readonly faults: Faults;
  readonly groups: Groups;
  readonly events: Events;
  readonly companies: Companies;
  readonly credits: InMailCredits;
  readonly messaging: Messaging;
  readonly posts: Posts;
  readonly profiles: Profiles;
  readonly search: Search;

  constructor(options: WorldOptions = {}) {
    this.seed = options.seed ?? 1;
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.clock = new WorldClock(options.start);
    this.random = new SeededRandom(this.seed);
    this.members = new Members();
    this.sessions = new Sessions(this.members, this.clock, this.settings);
    this.counters = new Counters();
    this.pushback = new Pushback(this.members, this.clock, this.settings, this.counters);
    this.graph = new Graph();
    this.faults = new Faults(this.clock);
    const deps = {
      seed: this.seed,
      members: this.members,
      graph: this.graph,
      clock: this.clock,
      settings: this.settings,
      counters: this.counters,
      pushback: this.pushback,
    };
    this.invitations = new Invitations(deps);
    this.groups = new Groups(this.members);
    this.events = new Events(this.members, this.graph, this.counters, this.pushback);
    this.companies = new Companies(deps);
    this.credits = new InMailCredits(this.members, this.clock, this.settings);
    this.messaging = new Messaging({
      ...deps,
      groups: this.groups,
      events: this.events,
      sessions: this.sessions,
      credits: this.credits,
    });
    this.posts = new Posts(deps);
    this.profiles = new Profiles({ ...deps, faults: this.faults });
    this.search = new Search({
      ...deps,
      companies: this.companies,
      groups: this.groups,
      events: this.events,
      posts: this.posts,
    });
  }

  /** The burst rule: call on every authenticated request; true = answer 429. */
  noteRequest(memberId: number): boolean {
    return this.pushback.noteRequest(memberId);
  }

  /** Store a fault; a member's "restriction" or "revoked" also takes effect in the world now. */
  injectFault(spec: FaultSpec): Fault {
    if (spec.memberId !== undefined && spec.memberId !== null) {
      const member = this.members.require(spec.memberId);
      if (spec.kind === "restriction") member.restricted = true;
      if (spec.kind === "revoked") this.sessions.revokeAll(member.memberId);
    }
    return this.faults.inject(spec);
  }

  now(): number {
    return this.clock.now();
  }

  setTime(ms: number): number {
    return this.clock.setTime(ms);
  }

  advance(ms: number): number {
    return this.clock.advance(ms);
  }
}
