import { z } from "zod";
import { WelinkError } from "../errors/index.ts";
import { bindDriver } from "../linkedin/index.ts";
import { defineAction } from "./define.ts";
import { invitationReply } from "./driven.ts";
import { accountId, cursor, input, oneOf, profileId, profileUrl } from "./fields.ts";

/** LinkedIn's limit on an invitation note (API.md, connect). */
export const NOTE_MAX = 300;

/** Invitations and the connection graph. */
export const connections = [
  defineAction({
    name: "connect",
    ...bindDriver("connect"),
    family: "connections",
    mode: "async",
    summary: "Send an invitation, optionally with a note (at most 300 characters)",
    input: input({
      accountId,
      profile_id: profileId,
      message: z.string().max(10_000).optional().describe("invitation note, at most 300 characters"),
    }),
    codes: [
      "ALREADY_CONNECTED",
      "PENDING_INVITE",
      "CUSTOM_MESSAGE_TOO_LONG",
      "CANT_RESEND_YET",
      "FUSE_LIMIT_EXCEEDED",
      "MAX_INVITATION_SENT",
      "CUSTOM_INVITE_LIMIT_REACHED",
      "PROFILE_NOT_FOUND",
      "STATUS_429",
      "ACCOUNT_RESTRICTED",
    ],
    bucket: "invitation",
    precheck(value) {
      if (value.message !== undefined && [...value.message].length > NOTE_MAX) {
        throw new WelinkError(
          "CUSTOM_MESSAGE_TOO_LONG",
          `message is ${[...value.message].length} characters; an invitation note takes at most ${NOTE_MAX}`,
        );
      }
    },
  }),
  defineAction({
    name: "get_connection_status",
    ...bindDriver("get_connection_status"),
    family: "connections",
    mode: "async",
    summary: "Whether the account is connected to a profile, or has a pending invitation",
    input: oneOf(input({ accountId, profile_url: profileUrl.optional(), profile_id: profileId.optional() }), [
      "profile_url",
      "profile_id",
    ]),
    codes: ["404_PROFILE_ID", "PROFILE_NOT_FOUND"],
  }),
  defineAction({
    name: "disconnect",
    ...bindDriver("disconnect"),
    family: "connections",
    mode: "async",
    summary: "Remove a first-degree connection",
    input: input({ accountId, profile_id: profileId }),
    codes: ["NOT_CONNECTED"],
  }),
  defineAction({
    name: "withdraw_invite",
    ...bindDriver("withdraw_invite"),
    family: "connections",
    mode: "async",
    summary: "Withdraw a pending invitation (by profile or invitation id)",
    input: oneOf(input({ accountId, profile_id: profileId.optional(), invitation_id: z.string().min(1).optional() }), [
      "profile_id",
      "invitation_id",
    ]),
    codes: ["NO_INVITATION_FOUND", "INVITATION_ID_NOT_FOUND"],
  }),
  defineAction({
    name: "connections",
    ...bindDriver("connections"),
    family: "connections",
    mode: "async",
    summary: "The account's connections, newest first",
    input: input({ accountId, cursor, count: z.number().int().min(1).max(100).optional() }),
    codes: ["NO_CONNECTIONS_FOUND"],
  }),
  defineAction({
    name: "pending_invites",
    ...bindDriver("pending_invites"),
    family: "connections",
    mode: "async",
    summary: "Invitations the account sent that are still pending",
    input: input({ accountId, cursor }),
    codes: ["NO_INVITES_FOUND"],
  }),
  defineAction({
    name: "received_invites",
    ...bindDriver("received_invites"),
    family: "connections",
    mode: "async",
    summary: "Invitations the account received",
    input: input({ accountId, cursor }),
    codes: ["NO_INVITES_FOUND"],
  }),
  defineAction({
    name: "accept_invite",
    ...invitationReply("accept_invite"),
    family: "connections",
    mode: "async",
    summary: "Accept a received invitation",
    input: input({ accountId, invitation_id: z.string().min(1) }),
    codes: ["NO_INVITATION_FOUND"],
  }),
  defineAction({
    name: "ignore_invite",
    ...invitationReply("ignore_invite"),
    family: "connections",
    mode: "async",
    summary: "Ignore a received invitation",
    input: input({ accountId, invitation_id: z.string().min(1) }),
    codes: ["NO_INVITATION_FOUND"],
  }),
];
