/** Profiles, connections and invitations, in API.md's shapes. */
import { WelinkError } from "../../errors/index.ts";
import type { LinkedInClient } from "../client.ts";
import { type ProfileRef, profileRef } from "../families/refs.ts";
import { type DriverAction, type Input, num, startOf, str, withClient } from "./types.ts";

const ACOAA = /^(?:urn:li:fsd_profile:)?(ACoAA[\w-]+)$/;

/** The API's `profile_id` (ACoAA id or vanity), `profile_url` or `public_identifier` → a ref. */
export function refOf(input: Input): ProfileRef {
  const id = str(input, "profile_id");
  if (id && !ACOAA.test(id)) return profileRef({ public_identifier: id });
  return profileRef({
    ...(id ? { profile_id: id } : {}),
    ...(str(input, "profile_url") ? { profile_url: str(input, "profile_url") as string } : {}),
    ...(str(input, "public_identifier") ? { public_identifier: str(input, "public_identifier") as string } : {}),
  });
}

/** The ACoAA id of the input's member, reading the profile when only a vanity is given. */
export async function idOf(client: LinkedInClient, input: Input): Promise<string> {
  const ref = refOf(input);
  return ref.kind === "id" ? ref.id : (await client.profiles.get(ref)).profile_id;
}

export const NETWORK_ACTIONS: Record<string, DriverAction> = {
  get_profile_details: withClient((client, input) => client.profiles.get(refOf(input))),
  view_profile: withClient((client, input) => client.profiles.get(refOf(input))),
  get_profile_contact_details: withClient(async (client, input) => ({
    profile_id: await idOf(client, input),
    ...(await client.profiles.contactInfo(refOf(input))),
  })),

  connect: withClient(
    async (client, input) => {
      const profileId = await idOf(client, input);
      const sent = await client.invitations.send(profileId, str(input, "message"));
      // LinkedIn drops some invitations near the weekly limit while answering success:
      // only the sent list tells (newest first, so the first page is enough).
      const listed = await client.invitations.findSent(profileId, 1);
      if (!listed) {
        throw new WelinkError(
          "FUSE_LIMIT_EXCEEDED",
          "LinkedIn accepted the invitation but it never reached the sent list",
        );
      }
      return { connected: true, profile_id: profileId, invitation_id: listed.invitation_id ?? sent.invitation_id };
    },
    async (client, input) => {
      const profileId = await idOf(client, input);
      const found = await client.invitations.findSent(profileId);
      return found ? { connected: true, profile_id: profileId, invitation_id: found.invitation_id } : null;
    },
  ),

  get_connection_status: withClient(async (client, input) => {
    const p = await client.profiles.get(refOf(input));
    return {
      connection_status: p.connection_status === "SELF" ? "NOT_CONNECTED" : p.connection_status,
      invitation_id: p.invitation?.invitation_id ?? null,
      profile_id: p.profile_id,
    };
  }),

  disconnect: withClient(
    async (client, input) => {
      const profileId = await idOf(client, input);
      await client.connections.remove({ kind: "id", id: profileId });
      return { disconnected: true, profile_id: profileId };
    },
    async (client, input) => {
      const p = await client.profiles.get(refOf(input));
      return p.connection_status === "NOT_CONNECTED" || p.connection_status === "PENDING"
        ? { disconnected: true, profile_id: p.profile_id }
        : null;
    },
  ),

  withdraw_invite: withClient(
    async (client, input) => {
      const invitationId = str(input, "invitation_id");
      if (invitationId) {
        await client.invitations.withdraw(invitationId);
        return { withdrawn: true, profile_id: str(input, "profile_id") ?? null, invitation_id: invitationId };
      }
      const profileId = await idOf(client, input);
      const done = await client.invitations.withdrawTo(profileId);
      return { withdrawn: true, profile_id: profileId, invitation_id: done.invitation_id };
    },
    async (client, input) => {
      if (str(input, "invitation_id") || !str(input, "profile_id")) return null;
      const profileId = await idOf(client, input);
      return (await client.invitations.findSent(profileId))
        ? null
        : { withdrawn: true, profile_id: profileId, invitation_id: null };
    },
  ),

  connections: withClient(async (client, input) => {
    const start = startOf(input);
    const page = await client.connections.list(start, num(input, "count", 40));
    if (!page.connections.length && start === 0)
      throw new WelinkError("NO_CONNECTIONS_FOUND", "The account has no connections");
    return { connections: page.connections, next_cursor: page.next_start === null ? null : String(page.next_start) };
  }),

  pending_invites: withClient(async (client, input) => {
    const start = startOf(input);
    const page = await client.invitations.sent(start, num(input, "count", 20));
    if (!page.invitations.length && start === 0) throw new WelinkError("NO_INVITES_FOUND", "No pending invitations");
    return {
      invitations: page.invitations.map((i) => ({
        invitation_id: i.invitation_id,
        profile_id: i.profile_id,
        sent_at: i.sent_at,
        message: i.message,
      })),
      next_cursor: page.next_start === null ? null : String(page.next_start),
    };
  }),

  received_invites: withClient(async (client, input) => {
    const start = startOf(input);
    const page = await client.invitations.received(start, num(input, "count", 20));
    if (!page.invitations.length && start === 0) throw new WelinkError("NO_INVITES_FOUND", "No invitations received");
    return {
      invitations: page.invitations.map(({ shared_secret: _secret, ...i }) => i),
      next_cursor: page.next_start === null ? null : String(page.next_start),
    };
  }),

  accept_invite: withClient(async (client, input) => {
    const id = str(input, "invitation_id") ?? (await inviteFrom(client, input));
    await client.invitations.reply(id, "accept");
    return { accepted: true, invitation_id: id };
  }),

  ignore_invite: withClient(async (client, input) => {
    const id = str(input, "invitation_id") ?? (await inviteFrom(client, input));
    await client.invitations.reply(id, "ignore");
    return { ignored: true, invitation_id: id };
  }),
};

/** The pending invitation a member sent to the account (for accept/ignore by profile). */
async function inviteFrom(client: LinkedInClient, input: Input): Promise<string> {
  const profileId = await idOf(client, input);
  for (let start = 0; start < 5000; ) {
    const page = await client.invitations.received(start, 100);
    const hit = page.invitations.find((i) => i.profile_id === profileId);
    if (hit) return hit.invitation_id;
    if (page.next_start === null) break;
    start = page.next_start;
  }
  throw new WelinkError("NO_INVITATION_FOUND", `No pending invitation from ${profileId}`);
}
