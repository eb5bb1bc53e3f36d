/**
 * Events: organizers, attendees, the organizer's invite setting (CANNOT_INVITE when off),
 * private events (EVENT_FETCH_FAILED for outsiders) and unknown ones (EVENT_NOT_FOUND).
 */

import type { Counters } from "./counters.ts";
import type { Graph } from "./graph.ts";
import type { Members } from "./members.ts";
import type { Pushback } from "./pushback.ts";
import { refuse } from "./refusal.ts";
import type { SandboxEvent } from "./types.ts";

export interface NewEvent {
  id: number;
  name: string;
  description: string;
  startsAt: number;
  organizerIds: number[];
  attendeeIds?: number[];
  invitesEnabled?: boolean;
  private?: boolean;
}

export class Events {
  private readonly byId = new Map<number, SandboxEvent>();
  private readonly byMember = new Map<number, Set<number>>();
  readonly list: SandboxEvent[] = [];

  constructor(
    private readonly members: Members,
    private readonly graph: Graph,
    private readonly counters: Counters,
    private readonly pushback: Pushback,
  ) {}

  add(input: NewEvent): SandboxEvent {
    const event: SandboxEvent = {
      id: input.id,
      name: input.name,
      description: input.description,
      startsAt: input.startsAt,
      organizerIds: new Set(input.organizerIds),
      attendeeIds: new Set(),
      invitesEnabled: input.invitesEnabled ?? true,
      private: input.private ?? false,
      invitations: new Map(),
    };
    this.byId.set(event.id, event);
    this.list.push(event);
    for (const id of [...input.organizerIds, ...(input.attendeeIds ?? [])]) this.addAttendee(event, id);
    return event;
  }

  get(eventId: number): SandboxEvent | undefined {
    return this.byId.get(eventId);
  }

  /** EVENT_NOT_FOUND, or EVENT_FETCH_FAILED for a private event the viewer is not part of. */
  view(viewerId: number, eventId: number): SandboxEvent {
    const event = this.byId.get(eventId) ?? refuse("EVENT_NOT_FOUND", "no such event");
    if (event.private && !this.isInside(event, viewerId)) refuse("EVENT_FETCH_FAILED", "this event is private");
    return event;
  }

  attend(memberId: number, eventId: number): SandboxEvent {
    this.members.require(memberId);
    const event = this.view(memberId, eventId);
    if (event.attendeeIds.has(memberId)) refuse("BAD_REQUEST", "already attending");
    this.addAttendee(event, memberId);
    return event;
  }

  /**
   * Invite 1st-degree connections. Organizers always may; attendees only when the organizer
   * allows it (CANNOT_INVITE). Returns who was newly invited (already invited or attending
   * members are skipped).
   */
  invite(inviterId: number, eventId: number, inviteeIds: number[]): number[] {
    this.pushback.guardAction(inviterId);
    const event = this.view(inviterId, eventId);
    const organizer = event.organizerIds.has(inviterId);
    if (!organizer && !event.attendeeIds.has(inviterId)) refuse("FORBIDDEN", "not attending this event");
    if (!organizer && !event.invitesEnabled) refuse("CANNOT_INVITE", "the organizer disabled invitations");
    for (const id of inviteeIds) {
      this.members.require(id);
      if (!this.graph.areConnected(inviterId, id)) refuse("NOT_CONNECTED", `not connected to ${id}`);
    }
    const invited = inviteeIds.filter((id) => !event.attendeeIds.has(id) && !event.invitations.has(id));
    for (const id of invited) event.invitations.set(id, inviterId);
    if (invited.length > 0) this.counters.bump(inviterId, "eventInvites", invited.length);
    return invited;
  }

  /** Events the member organizes or attends (empty = LinkedIn's empty list). */
  ofMember(memberId: number): SandboxEvent[] {
    return [...(this.byMember.get(memberId) ?? [])].map((id) => this.byId.get(id) as SandboxEvent);
  }

  /** Both take part in this event (attend or organize). */
  share(a: number, b: number, eventId: number): boolean {
    const event = this.byId.get(eventId);
    return !!event && event.attendeeIds.has(a) && event.attendeeIds.has(b);
  }

  private isInside(event: SandboxEvent, memberId: number): boolean {
    return event.attendeeIds.has(memberId) || event.invitations.has(memberId);
  }

  private addAttendee(event: SandboxEvent, memberId: number): void {
    event.attendeeIds.add(memberId);
    let set = this.byMember.get(memberId);
    if (!set) {
      set = new Set();
      this.byMember.set(memberId, set);
    }
    set.add(event.id);
  }
}
