import { z } from "zod";
import { bindDriver } from "../linkedin/index.ts";
import { defineAction } from "./define.ts";
import { accountId, eventId, input, oneOf, profileId } from "./fields.ts";

/** LinkedIn events. */
export const events = [
  defineAction({
    name: "events",
    ...bindDriver("events"),
    family: "events",
    mode: "async",
    summary: "Events the account organizes or attends",
    input: input({ accountId }),
    codes: ["NO_EVENTS_FOUND"],
  }),
  defineAction({
    name: "get_event_details",
    ...bindDriver("get_event_details"),
    family: "events",
    mode: "async",
    summary: "An event's details",
    input: oneOf(input({ accountId, event_id: eventId.optional(), event_url: z.string().min(1).optional() }), [
      "event_id",
      "event_url",
    ]),
    codes: ["EVENT_NOT_FOUND", "EVENT_FETCH_FAILED"],
  }),
  defineAction({
    name: "event_invite",
    ...bindDriver("event_invite"),
    family: "events",
    mode: "async",
    summary: "Invite a connection to an event",
    input: input({ accountId, profile_id: profileId, event_id: eventId }),
    codes: ["CANNOT_INVITE", "EVENT_NOT_FOUND", "NOT_CONNECTED"],
    bucket: "event_invite",
    repeatable: "LinkedIn skips members already invited to the event or attending it",
  }),
];
