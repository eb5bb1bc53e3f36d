/**
 * Invitations (connection requests): send, withdraw, accept, ignore, the received and sent
 * lists, and `findSent` — "is there a pending invitation from me to X" — which is how the
 * engine checks, before re-sending, whether an earlier attempt reached LinkedIn (and how
 * a silently dropped invitation is told apart from a sent one).
 */
import { WelinkError } from "../../errors/index.ts";
import {
  actionValue,
  elementsOf,
  isObject,
  type JsonObject,
  optBool,
  optNumber,
  optObject,
  optString,
  restliRoot,
  ShapeError,
} from "../envelope.ts";
import { buildQuery, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { invitationIdOf, profileUrn } from "./refs.ts";
import { expectOk, type RefusalTable } from "./refusals.ts";

/** Every refusal of the invitations family (key on LinkedIn's `code`, not on the status). */
export const INVITATION_REFUSALS: RefusalTable = {
  codes: {
    CANT_RESEND_YET: "CANT_RESEND_YET",
    PENDING_INVITE: "PENDING_INVITE",
    ALREADY_INVITED: "PENDING_INVITE",
    INVITATION_EXISTS: "PENDING_INVITE",
    PENDING_INVITATION: "PENDING_INVITE",
    ALREADY_CONNECTED: "ALREADY_CONNECTED",
    CUSTOM_MESSAGE_TOO_LONG: "CUSTOM_MESSAGE_TOO_LONG",
    CUSTOM_INVITE_LIMIT_REACHED: "CUSTOM_INVITE_LIMIT_REACHED",
    FUSE_LIMIT_EXCEEDED: "FUSE_LIMIT_EXCEEDED",
    CANT_INVITE_CONNECTION_LIMIT_REACHED: "FUSE_LIMIT_EXCEEDED",
    MAX_INVITATION_SENT: "MAX_INVITATION_SENT",
    PROFILE_NOT_FOUND: "PROFILE_NOT_FOUND",
    NO_INVITATION_FOUND: "NO_INVITATION_FOUND",
    INVITATION_ID_NOT_FOUND: "INVITATION_ID_NOT_FOUND",
    CANT_ACCEPT_CONNECTION_LIMIT_REACHED: "MAX_INVITATION_SENT",
    BAD_REQUEST: "BAD_REQUEST",
  },
  operationCodes: {
    // Accepting or ignoring what is not (or no longer) a pending invitation to this account,
    // or with a secret that does not match: API.md calls all of these NO_INVITATION_FOUND.
    "invitations.reply": { INVITATION_ID_NOT_FOUND: "NO_INVITATION_FOUND", BAD_REQUEST: "NO_INVITATION_FOUND" },
  },
  statuses: {
    "invitations.send": { 404: "PROFILE_NOT_FOUND" },
    "invitations.withdraw": { 404: "NO_INVITATION_FOUND" },
    "invitations.reply": { 404: "NO_INVITATION_FOUND" },
  },
};

export interface Invitation {
  invitation_id: string;
  /** The other member: the invitee of a sent invitation, the inviter of a received one. */
  profile_id: string | null;
  public_identifier: string | null;
  first_name: string | null;
  last_name: string | null;
  sent_at: number | null;
  message: string | null;
  shared_secret: string | null;
}

export interface InvitationPage {
  invitations: Invitation[];
  total: number | null;
  next_start: number | null;
}

function readInvitation(view: JsonObject, direction: "sent" | "received"): Invitation {
  const inv = isObject(view.invitation) ? view.invitation : view;
  const urn = optString(inv, "dashEntityUrn") ?? optString(inv, "entityUrn");
  if (!urn) throw new ShapeError("invitation without entityUrn");
  const other = optObject(inv, direction === "sent" ? "toMember" : "fromMember");
  const otherUrn = optString(other, "dashEntityUrn") ?? optString(other, "entityUrn");
  const toId = optString(inv, "toMemberId");
  return {
    invitation_id: urnId(urn),
    profile_id: otherUrn ? urnId(otherUrn) : direction === "sent" && toId ? toId : null,
    public_identifier: optString(other, "publicIdentifier") ?? null,
    first_name: optString(other, "firstName") ?? null,
    last_name: optString(other, "lastName") ?? null,
    sent_at: optNumber(inv, "sentTime") ?? null,
    message: optString(inv, "message") ?? null,
    shared_secret: optString(inv, "sharedSecret") ?? null,
  };
}

export class Invitations {
  constructor(private readonly ctx: FamilyContext) {}

  /** Sends an invitation; returns its id. */
  async send(profileId: string, message?: string): Promise<{ invitation_id: string; profile_id: string }> {
    const op = "invitations.send";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const body: JsonObject = { invitee: { inviteeUnion: { memberProfile: profileUrn(profileId) } } };
        if (message) body.customMessage = message;
        const res = await v.call(op, step, {
          method: "POST",
          query: `action=verifyQuotaAndCreateV2&decorationId=${v.decoration(step)}`,
          body: JSON.stringify(body),
          pageKey: "d_flagship3_profile_view_base",
        });
        const value = actionValue(expectOk(op, res, INVITATION_REFUSALS));
        const urn = optString(value, "invitationUrn");
        if (!urn) throw new ShapeError("invitation created without invitationUrn");
        return { invitation_id: urnId(urn), profile_id: profileId };
      },
    });
  }

  async withdraw(invitationId: string): Promise<void> {
    const op = "invitations.withdraw";
    const v = this.ctx.voyager;
    const id = invitationIdOf(invitationId);
    await v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          params: { urn: `urn:li:fsd_invitation:${id}` },
          query: "action=withdraw",
          body: JSON.stringify({ invitationType: "CONNECTION" }),
        });
        expectOk(op, res, INVITATION_REFUSALS);
      },
    });
  }

  /** Withdraws the pending invitation to a member; INVITATION_ID_NOT_FOUND when there is none. */
  async withdrawTo(profileId: string): Promise<{ invitation_id: string }> {
    const found = await this.findSent(profileId);
    if (!found) throw new WelinkError("INVITATION_ID_NOT_FOUND", `No pending invitation to ${profileId}`);
    await this.withdraw(found.invitation_id);
    return { invitation_id: found.invitation_id };
  }

  /** Accepts or ignores a received invitation (its shared secret is looked up when not given). */
  async reply(invitationId: string, action: "accept" | "ignore", sharedSecret?: string): Promise<void> {
    const op = "invitations.reply";
    const v = this.ctx.voyager;
    const id = invitationIdOf(invitationId);
    const secret = sharedSecret ?? (await this.findReceived(id))?.shared_secret ?? undefined;
    if (!secret) throw new WelinkError("NO_INVITATION_FOUND", `No pending invitation ${id} to this account`);
    await v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          params: { urn: `urn:li:fsd_invitation:${id}` },
          query: `action=${action}`,
          body: JSON.stringify({ invitationType: "CONNECTION", sharedSecret: secret }),
        });
        expectOk(op, res, INVITATION_REFUSALS);
      },
      legacy: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          params: { id },
          query: `action=${action}`,
          body: JSON.stringify({ invitationId: id, invitationSharedSecret: secret, isGenericInvitation: false }),
        });
        expectOk(op, res, INVITATION_REFUSALS);
      },
    });
  }

  async received(start = 0, count = 20): Promise<InvitationPage> {
    const op = "invitations.received";
    const v = this.ctx.voyager;
    return v.run(op, {
      legacy: async (step) => {
        const query = buildQuery({ q: "receivedInvitation", start, count });
        const root = restliRoot(expectOk(op, await v.call(op, step, { query }), INVITATION_REFUSALS));
        return page(root, op, "received", start);
      },
    });
  }

  async sent(start = 0, count = 20): Promise<InvitationPage> {
    const op = "invitations.sent";
    const v = this.ctx.voyager;
    return v.run(op, {
      legacy: async (step) => {
        const query = buildQuery({ invitationType: "CONNECTION", q: "invitationType", start, count });
        const root = restliRoot(expectOk(op, await v.call(op, step, { query }), INVITATION_REFUSALS));
        return page(root, op, "sent", start);
      },
    });
  }

  /** The pending invitation this account sent to `profileId`, if LinkedIn shows one. */
  async findSent(profileId: string, maxPages = 50): Promise<Invitation | null> {
    for (let start = 0, i = 0; i < maxPages; i++) {
      const p = await this.sent(start, 100);
      const hit = p.invitations.find((x) => x.profile_id === profileId);
      if (hit) return hit;
      if (p.next_start === null) return null;
      start = p.next_start;
    }
    return null;
  }

  async findReceived(invitationId: string, maxPages = 50): Promise<Invitation | null> {
    for (let start = 0, i = 0; i < maxPages; i++) {
      const p = await this.received(start, 100);
      const hit = p.invitations.find((x) => x.invitation_id === invitationId);
      if (hit) return hit;
      if (p.next_start === null) return null;
      start = p.next_start;
    }
    return null;
  }
}

function page(root: JsonObject, op: string, direction: "sent" | "received", start: number): InvitationPage {
  const elements = elementsOf(root, op);
  const paging = optObject(root, "paging");
  const total = optNumber(paging, "total") ?? optNumber(optObject(root, "metadata"), "total") ?? null;
  const invitations = elements.map((e) => readInvitation(e, direction));
  const next = start + elements.length;
  const more =
    elements.length > 0 && (total === null ? elements.length >= (optNumber(paging, "count") ?? 1) : next < total);
  return { invitations, total, next_start: more ? next : null };
}

export const _test = { readInvitation, optBool };
