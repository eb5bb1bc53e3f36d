/**
 * Logging in and staying logged in: password check, the PIN checkpoint (the email PIN, or
 * the authenticator app's TOTP code for members with two-step verification), `li_at` sessions
 * with their `JSESSIONID` (whose value is also the `csrf-token`), and the one Recruiter
 * session a Recruiter seat allows at a time.
 */

import { randomBytes } from "node:crypto";
import type { WorldClock } from "./clock.ts";
import type { Members } from "./members.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";
import { totpValid } from "./totp.ts";
import type { Member } from "./types.ts";

export interface Session {
  /** The `li_at` cookie value. */
  liAt: string;
  /** The `JSESSIONID` cookie value (`ajax:<digits>`); requests echo it as `csrf-token`. */
  jsessionId: string;
  memberId: number;
  createdAt: number;
  revoked: boolean;
}

export type LoginOutcome =
  | { kind: "PASS"; member: Member; session: Session }
  | { kind: "CHALLENGE"; member: Member; challengeId: string };

/** What a challenge asks for: the emailed PIN, or the authenticator app's code. */
export type ChallengeType = "EMAIL_PIN" | "AUTHENTICATOR_APP";

interface PinChallenge {
  memberId: number;
  type: ChallengeType;
  createdAt: number;
  attempts: number;
}

const MAX_PIN_ATTEMPTS = 5;

export class Sessions {
  private readonly sessions = new Map<string, Session>();
  private readonly challenges = new Map<string, PinChallenge>();
  /** Recruiter member → the li_at holding its one Recruiter session. */
  private readonly recruiterSlots = new Map<number, string>();

  constructor(
    private readonly members: Members,
    private readonly clock: WorldClock,
    private readonly settings: WorldSettings,
  ) {}

  /** The member whose email and password these are, or WRONG_PASSWORD (unknown email too). */
  authenticate(email: string, password: string): Member {
    const member = this.members.byEmailAddress(email);
    if (!member || member.password !== password) return refuse("WRONG_PASSWORD", "wrong email or password");
    return member;
  }

  /**
   * The whole login step: WRONG_PASSWORD, ACCOUNT_RESTRICTED, a challenge for members who
   * need one (the authenticator app's code for two-step members, else the email PIN), else
   * a new session.
   */
  login(email: string, password: string): LoginOutcome {
    const member = this.authenticate(email, password);
    if (member.restricted) return refuse("ACCOUNT_RESTRICTED", "this account is restricted");
    if (member.needsPin || member.totpSecret) {
      return { kind: "CHALLENGE", member, challengeId: this.createPinChallenge(member.memberId) };
    }
    return { kind: "PASS", member, session: this.issue(member.memberId) };
  }

  /** A new challenge: the authenticator app's code for a member with a TOTP secret, else the email PIN. */
  createPinChallenge(memberId: number): string {
    const id = randomBytes(12).toString("base64url");
    const type: ChallengeType = this.members.require(memberId).totpSecret ? "AUTHENTICATOR_APP" : "EMAIL_PIN";
    this.challenges.set(id, { memberId, type, createdAt: this.clock.now(), attempts: 0 });
    return id;
  }

  /** What a pending challenge asks for (undefined once it is over or void). */
  challengeType(challengeId: string): ChallengeType | undefined {
    return this.challenges.get(challengeId)?.type;
  }

  /**
   * The right code ends the challenge with a session; a wrong one is WRONG_PIN (5 tries).
   * The email PIN is the world's `pin`; an authenticator code is the member's TOTP code on
   * the world's clock, one 30-second step either side accepted.
   */
  verifyPin(challengeId: string, pin: string): { member: Member; session: Session } {
    const challenge = this.challenges.get(challengeId);
    if (!challenge) return refuse("CHALLENGE_NOT_FOUND", "no such challenge", 404);
    if (!this.codeIsRight(challenge, pin.trim())) {
      challenge.attempts++;
      if (challenge.attempts >= MAX_PIN_ATTEMPTS) this.challenges.delete(challengeId);
      return refuse("WRONG_PIN", "the verification code is wrong");
    }
    this.challenges.delete(challengeId);
    const member = this.members.require(challenge.memberId);
    if (member.restricted) return refuse("ACCOUNT_RESTRICTED", "this account is restricted");
    return { member, session: this.issue(member.memberId) };
  }

  private codeIsRight(challenge: PinChallenge, code: string): boolean {
    if (challenge.type === "EMAIL_PIN") return code === this.settings.pin;
    const secret = this.members.get(challenge.memberId)?.totpSecret;
    if (!secret) return false;
    // The world's clock is LinkedIn's simulated time, which tests move at will; the member's
    // authenticator app knows only real time. A code right for either is accepted, so the
    // persona works out of the box and in tests that set the world's clock.
    return totpValid(secret, code, this.clock.now()) || totpValid(secret, code, Date.now());
  }

  issue(memberId: number): Session {
    const session: Session = {
      liAt: `AQED${randomBytes(24).toString("base64url")}`,
      jsessionId: `ajax:${BigInt(`0x${randomBytes(8).toString("hex")}`)
        .toString()
        .padStart(19, "0")
        .slice(0, 19)}`,
      memberId,
      createdAt: this.clock.now(),
      revoked: false,
    };
    this.sessions.set(session.liAt, session);
    return session;
  }

  /** The session whatever its state (the http layer answers revoked ones with `li_at=delete me`). */
  get(liAt: string): Session | undefined {
    return this.sessions.get(liAt);
  }

  /** The session if it is still valid. */
  active(liAt: string): Session | undefined {
    const session = this.sessions.get(liAt);
    return session && !session.revoked ? session : undefined;
  }

  revoke(liAt: string): void {
    const session = this.sessions.get(liAt);
    if (session) session.revoked = true;
  }

  revokeAll(memberId: number): number {
    let n = 0;
    for (const session of this.sessions.values()) {
      if (session.memberId === memberId && !session.revoked) {
        session.revoked = true;
        n++;
      }
    }
    return n;
  }

  forMember(memberId: number): Session[] {
    return [...this.sessions.values()].filter((s) => s.memberId === memberId);
  }

  /**
   * Enter Recruiter from this session. Without a seat: RECRUITER_LOGIN_SUBMISSION_FAILED.
   * If another live session holds the seat: RECRUITER_ACKNOWLEDGEMENT_REQUIRED unless
   * `acknowledge`, which takes the seat over (the other session then gets RECRUITER_AUTH_REQUIRED).
   */
  startRecruiter(liAt: string, acknowledge = false): void {
    const session = this.active(liAt) ?? refuse("RECRUITER_LOGIN_SUBMISSION_FAILED", "no valid session");
    const member = this.members.require(session.memberId);
    if (member.tier !== "recruiter") refuse("RECRUITER_LOGIN_SUBMISSION_FAILED", "no Recruiter seat");
    const holder = this.recruiterSlots.get(member.memberId);
    if (holder !== undefined && holder !== liAt && this.active(holder) && !acknowledge) {
      refuse("RECRUITER_ACKNOWLEDGEMENT_REQUIRED", "another Recruiter session is active");
    }
    this.recruiterSlots.set(member.memberId, liAt);
  }

  /** RECRUITER_AUTH_REQUIRED unless this session holds its member's Recruiter seat. */
  requireRecruiter(liAt: string): void {
    const session = this.active(liAt);
    if (!session || this.recruiterSlots.get(session.memberId) !== liAt) {
      refuse("RECRUITER_AUTH_REQUIRED", "the Recruiter session was lost");
    }
  }

  recruiterHolder(memberId: number): string | undefined {
    return this.recruiterSlots.get(memberId);
  }
}
