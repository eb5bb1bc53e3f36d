/**
 * Connection invitations and every rule LinkedIn applies to sending them (LINKEDIN.md
 * "Limits"): the rolling 7-day allowance with silent drops near its end, note length and
 * the free monthly note allowance, the 14-day wait after a withdrawal, the 30,000 cap.
 */

import { DAY, monthKey, type WorldClock } from "./clock.ts";
import type { Counters } from "./counters.ts";
import type { Graph } from "./graph.ts";
import { invitationUrn, sharedSecretFor } from "./ids.ts";
import type { Members } from "./members.ts";
import type { Pushback } from "./pushback.ts";
import { hash32 } from "./random.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";
import type { Invitation, Member } from "./types.ts";

const WEEK = 7 * DAY;

export interface InvitationDeps {
  seed: number;
  members: Members;
  graph: Graph;
  clock: WorldClock;
  settings: WorldSettings;
  counters: Counters;
  pushback: Pushback;
}

export class Invitations {
  private nextId = 7_100_000_001;
  private readonly byId = new Map<number, Invitation>();
  /** "from:to" → the pending invitation. */
  private readonly pending = new Map<string, Invitation>();
  private readonly sentPending = new Map<number, Set<Invitation>>();
  private readonly receivedPending = new Map<number, Set<Invitation>>();
  /** Times of every send (dropped ones too) per sender, for the rolling week. */
  private readonly sendTimes = new Map<number, number[]>();
  private readonly noteTimes = new Map<number, number[]>();
  /** "from:to" → when the last invitation between them was withdrawn. */
  private readonly withdrawnAt = new Map<string, number>();

  constructor(private readonly deps: InvitationDeps) {}

  weeklyLimit(member: Member): number {
    const s = this.deps.settings;
    return member.tier === "free" ? s.weeklyInvitesFree : s.weeklyInvitesPaid;
  }

  /** Invitations sent (dropped ones included) in the rolling 7 days ending now. */
  sentThisWeek(memberId: number): number {
    const now = this.deps.clock.now();
    return (this.sendTimes.get(memberId) ?? []).filter((t) => t > now - WEEK && t <= now).length;
  }

  /** Invitations with a note in the current calendar month. */
  notesThisMonth(memberId: number): number {
    const month = monthKey(this.deps.clock.now());
    return (this.noteTimes.get(memberId) ?? []).filter((t) => monthKey(t) === month).length;
  }

  /**
   * Send an invitation (with an optional note). Near the end of the weekly allowance one
   * in `silentDropEvery` is dropped: it is returned like a success, with status "dropped",
   * and never shows in either list; the http layer answers it exactly as a success.
   */
  send(fromId: number, toId: number, note?: string | null): Invitation {
    const { members, graph, clock, settings, counters, pushback } = this.deps;
    pushback.guardAction(fromId);
    const from = members.require(fromId);
    members.require(toId);
    if (fromId === toId) refuse("BAD_REQUEST", "cannot invite yourself");
    if (graph.areConnected(fromId, toId)) refuse("ALREADY_CONNECTED", "already connected");
    if (this.pending.has(key(fromId, toId)) || this.pending.has(key(toId, fromId))) {
      refuse("PENDING_INVITE", "an invitation is already pending");
    }
    const now = clock.now();
    const withdrawn = this.withdrawnAt.get(key(fromId, toId));
    if (withdrawn !== undefined && now - withdrawn < settings.resendAfterWithdrawalMs) {
      refuse("CANT_RESEND_YET", "withdrawn recently; try again later");
    }
    const message = note && note.length > 0 ? note : null;
    if (message !== null) {
      const max = from.tier === "free" ? settings.noteMaxFree : settings.noteMaxPaid;
      if (message.length > max) refuse("CUSTOM_MESSAGE_TOO_LONG", `notes are limited to ${max} characters`);
      if (from.tier === "free" && this.notesThisMonth(fromId) >= settings.notesPerMonthFree) {
        refuse("CUSTOM_INVITE_LIMIT_REACHED", "monthly allowance of personalised invitations used");
      }
    }
    if (graph.count(fromId) + (this.sentPending.get(fromId)?.size ?? 0) >= settings.maxConnectionsAndPending) {
      refuse("MAX_INVITATION_SENT", "too many connections and pending invitations");
    }
    const limit = this.weeklyLimit(from);
    const sentWeek = this.sentThisWeek(fromId);
    if (sentWeek >= limit) {
      pushback.record(fromId);
      refuse("FUSE_LIMIT_EXCEEDED", "weekly invitation limit reached");
    }
    const dropped = this.isSilentDrop(fromId, sentWeek, limit);
    const id = this.nextId++;
    const invitation: Invitation = {
      id,
      urn: invitationUrn(id),
      sharedSecret: sharedSecretFor(id, this.deps.seed),
      fromId,
      toId,
      message,
      sentAt: now,
      status: dropped ? "dropped" : "pending",
      resolvedAt: null,
    };
    this.byId.set(id, invitation);
    push(this.sendTimes, fromId, now, now - WEEK);
    if (message !== null) push(this.noteTimes, fromId, now, now - 62 * DAY);
    counters.bump(fromId, "invitationsSent");
    if (dropped) {
      counters.bump(fromId, "invitationsDropped");
      return invitation;
    }
    this.pending.set(key(fromId, toId), invitation);
    addTo(this.sentPending, fromId, invitation);
    addTo(this.receivedPending, toId, invitation);
    return invitation;
  }

  /** The deterministic 1-in-N drop inside the last part of the allowance. */
  private isSilentDrop(fromId: number, sentWeek: number, limit: number): boolean {
    const { silentDropZone, silentDropEvery } = this.deps.settings;
    const zoneStart = limit - Math.ceil(limit * silentDropZone);
    if (sentWeek < zoneStart || silentDropEvery <= 0) return false;
    const offset = hash32(this.deps.seed, fromId) % silentDropEvery;
    return (sentWeek - zoneStart + offset) % silentDropEvery === silentDropEvery - 1;
  }

  /** Withdraw a pending invitation this member sent; anything else is NO_INVITATION_FOUND. */
  withdraw(memberId: number, invitationId: number): Invitation {
    this.deps.pushback.guardAction(memberId);
    const inv = this.byId.get(invitationId);
    if (!inv || inv.fromId !== memberId || inv.status !== "pending") {
      return refuse("NO_INVITATION_FOUND", "no pending invitation with this id");
    }
    this.resolve(inv, "withdrawn");
    this.withdrawnAt.set(key(inv.fromId, inv.toId), inv.resolvedAt ?? this.deps.clock.now());
    this.deps.counters.bump(memberId, "invitationsWithdrawn");
    return inv;
  }

  /** Accept an invitation this member received (also the control API's "accept as the other member"). */
  accept(memberId: number, invitationId: number, sharedSecret?: string): Invitation {
    const inv = this.receivedInvitation(memberId, invitationId, sharedSecret);
    this.resolve(inv, "accepted");
    this.deps.graph.connect(inv.fromId, inv.toId, this.deps.clock.now());
    this.deps.counters.bump(memberId, "invitationsAccepted");
    return inv;
  }

  ignore(memberId: number, invitationId: number, sharedSecret?: string): Invitation {
    const inv = this.receivedInvitation(memberId, invitationId, sharedSecret);
    this.resolve(inv, "ignored");
    this.deps.counters.bump(memberId, "invitationsIgnored");
    return inv;
  }

  get(invitationId: number): Invitation | undefined {
    return this.byId.get(invitationId);
  }

  /** The pending invitation between two members, either way. */
  pendingBetween(a: number, b: number): Invitation | undefined {
    return this.pending.get(key(a, b)) ?? this.pending.get(key(b, a));
  }

  /** INVITATION_ID_NOT_FOUND unless a pending invitation links these members. */
  requirePendingWith(memberId: number, otherId: number): Invitation {
    return this.pendingBetween(memberId, otherId) ?? refuse("INVITATION_ID_NOT_FOUND", "no pending invitation");
  }

  /** Pending invitations the member sent, newest first. */
  sent(memberId: number): Invitation[] {
    return newestFirst(this.sentPending.get(memberId));
  }

  /** Pending invitations the member received, newest first. */
  received(memberId: number): Invitation[] {
    return newestFirst(this.receivedPending.get(memberId));
  }

  /** Every invitation ever made (for dumps), in id order. */
  all(): Invitation[] {
    return [...this.byId.values()];
  }

  private receivedInvitation(memberId: number, invitationId: number, sharedSecret?: string): Invitation {
    this.deps.pushback.guardAction(memberId);
    const inv = this.byId.get(invitationId);
    if (!inv || inv.toId !== memberId || inv.status !== "pending") {
      return refuse("INVITATION_ID_NOT_FOUND", "no pending invitation with this id");
    }
    if (sharedSecret !== undefined && sharedSecret !== inv.sharedSecret) refuse("BAD_REQUEST", "wrong sharedSecret");
    return inv;
  }

  private resolve(inv: Invitation, status: Invitation["status"]): void {
    inv.status = status;
    inv.resolvedAt = this.deps.clock.now();
    this.pending.delete(key(inv.fromId, inv.toId));
    this.sentPending.get(inv.fromId)?.delete(inv);
    this.receivedPending.get(inv.toId)?.delete(inv);
  }
}

function key(from: number, to: number): string {
  return `${from}:${to}`;
}

function push(map: Map<number, number[]>, id: number, t: number, pruneBefore: number): void {
  const list = (map.get(id) ?? []).filter((x) => x > pruneBefore);
  list.push(t);
  map.set(id, list);
}

function addTo(map: Map<number, Set<Invitation>>, id: number, inv: Invitation): void {
  let set = map.get(id);
  if (!set) {
    set = new Set();
    map.set(id, set);
  }
  set.add(inv);
}

function newestFirst(set: Set<Invitation> | undefined): Invitation[] {
  return set ? [...set].sort((a, b) => b.sentAt - a.sentAt || b.id - a.id) : [];
}
