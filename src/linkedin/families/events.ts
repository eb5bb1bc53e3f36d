/** Events: details (GraphQL), the account's events, inviting connections. */
import { WelinkError } from "../../errors/index.ts";
import {
  actionValue,
  elementsOf,
  graphqlRoot,
  isObject,
  type JsonObject,
  optBool,
  optNumber,
  optString,
  restliRoot,
  ShapeError,
} from "../envelope.ts";
import { buildQuery, encodeRestli, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { profileUrn } from "./refs.ts";
import { expectOk, graphqlRefusal, type RefusalTable } from "./refusals.ts";

export const EVENT_REFUSALS: RefusalTable = {
  codes: {
    EVENT_NOT_FOUND: "EVENT_NOT_FOUND",
    EVENT_FETCH_FAILED: "EVENT_FETCH_FAILED",
    CANNOT_INVITE: "CANNOT_INVITE",
    NOT_CONNECTED: "NOT_CONNECTED",
    FORBIDDEN: "FORBIDDEN",
  },
  statuses: { "events.invite": { 404: "EVENT_NOT_FOUND", 403: "CANNOT_INVITE" } },
};

export interface Event {
  event_id: string;
  name: string;
  description: string | null;
  starts_at: number | null;
  ends_at: number | null;
  attendee_count: number | null;
  visibility: string | null;
  viewer_status: string | null;
  invite_enabled: boolean;
  organizer: string | null;
}

export function eventIdOf(value: string | number): string {
  const v = String(value).trim();
  const m = /(?:urn:li:fsd_professionalEvent:|\/events\/(?:[^/]*-)?)(\d+)/.exec(v) ?? /^(\d+)$/.exec(v);
  if (!m) throw new WelinkError("EVENT_NOT_FOUND", `Not an event id or URL: ${value}`);
  return m[1] as string;
}

function readEvent(e: JsonObject): Event {
  const urn = optString(e, "entityUrn");
  if (!urn) throw new ShapeError("event without entityUrn");
  const organizer = e.organizer;
  return {
    event_id: urnId(urn),
    name: optString(e, "name") ?? "",
    description: optString(e, "description") ?? null,
    starts_at: optNumber(e, "startsAt") ?? null,
    ends_at: optNumber(e, "endsAt") ?? null,
    attendee_count: optNumber(e, "attendeeCount") ?? null,
    visibility: optString(e, "visibility") ?? null,
    viewer_status: optString(e, "viewerStatus") ?? null,
    invite_enabled: optBool(e, "inviteEnabled") ?? false,
    organizer:
      typeof organizer === "string"
        ? organizer
        : isObject(organizer)
          ? (optString(organizer, "entityUrn") ?? null)
          : null,
  };
}

export class Events {
  constructor(private readonly ctx: FamilyContext) {}

  async get(eventId: string): Promise<Event> {
    const op = "events.get";
    const v = this.ctx.voyager;
    const id = eventIdOf(eventId);
    return v.run(op, {
      graphql: async (step) => {
        const query = `includeWebMetadata=true&variables=${encodeRestli({ eventIdentifier: id })}&queryId=${v.queryId(step)}`;
        const { root, errors } = graphqlRoot(
          expectOk(op, await v.call(op, step, { query }), EVENT_REFUSALS),
          "eventsDashProfessionalEventsByEventIdentifier",
        );
        if (errors.length) throw graphqlRefusal(op, errors, EVENT_REFUSALS);
        if (!isObject(root)) throw new ShapeError("no eventsDashProfessionalEventsByEventIdentifier");
        const first = elementsOf(root, op)[0];
        if (!first) throw new WelinkError("EVENT_NOT_FOUND", `No event ${id}`);
        return readEvent(first);
      },
    });
  }

  async mine(start = 0, count = 10): Promise<Event[]> {
    const op = "events.mine";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const query = buildQuery({ q: "viewerEvents", start, count });
        return elementsOf(restliRoot(expectOk(op, await v.call(op, step, { query }), EVENT_REFUSALS)), op).map(
          readEvent,
        );
      },
    });
  }

  async invite(eventId: string, profileIds: string[]): Promise<{ sent: number }> {
    const op = "events.invite";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: "action=invite",
          body: JSON.stringify({
            eventUrn: `urn:li:fsd_professionalEvent:${eventIdOf(eventId)}`,
            inviteeUrns: profileIds.map(profileUrn),
          }),
        });
        return { sent: optNumber(actionValue(expectOk(op, res, EVENT_REFUSALS)), "sent") ?? 0 };
      },
    });
  }
}
