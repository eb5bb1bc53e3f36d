/**
 * World records → LinkedIn entities (sandbox-protocol.md §2.5, §3). Entities carry `$type`
 * and `entityUrn`, so the normalized envelope moves them to `included` by itself.
 */

import { memberUrn, profileUrn } from "../world/ids.ts";
import type { Member } from "../world/types.ts";
import type { World } from "../world/world.ts";

type Obj = Record<string, unknown>;

const DISTANCE = ["SELF", "DISTANCE_1", "DISTANCE_2", "DISTANCE_3"] as const;

export function distanceOf(world: World, viewerId: number, otherId: number): string {
  return DISTANCE[world.graph.degree(viewerId, otherId)] ?? "OUT_OF_NETWORK";
}

export function trackingId(memberId: number): string {
  return Buffer.from(`sandbox-${memberId}`).toString("base64");
}

export function miniProfile(m: Member, options: { withIds?: boolean } = {}): Obj {
  const withIds = options.withIds ?? true;
  const mini: Obj = {
    $type: "com.linkedin.voyager.identity.shared.MiniProfile",
    objectUrn: memberUrn(m.memberId),
    publicIdentifier: m.publicIdentifier,
    firstName: m.firstName,
    lastName: m.lastName,
    occupation: m.headline,
    trackingId: trackingId(m.memberId),
  };
  if (withIds) {
    mini.entityUrn = `urn:li:fs_miniProfile:${m.profileId}`;
    mini.dashEntityUrn = profileUrn(m.profileId);
  }
  return mini;
}

/** The viewer-relative relationship block of a Dash profile. */
export function memberRelationship(world: World, viewerId: number, other: Member): Obj {
  if (viewerId === other.memberId) return { memberRelationshipUnion: { self: {} } };
  const connectedAt = world.graph.connectedAt(viewerId, other.memberId);
  if (connectedAt !== undefined) return { memberRelationshipUnion: { connection: { createdAt: connectedAt } } };
  const inv = world.invitations.pendingBetween(viewerId, other.memberId);
  const invitationUnion = inv
    ? {
        invitation: {
          entityUrn: inv.urn,
          invitationState: "PENDING",
          sentTime: inv.sentAt,
          inviter: inv.fromId === viewerId ? "SELF" : "OTHER",
        },
      }
    : { noInvitation: {} };
  return {
    memberRelationshipUnion: {
      noConnection: { memberDistance: distanceOf(world, viewerId, other.memberId), invitationUnion },
    },
  };
}

/** The Dash profile as the viewer sees it. */
export function dashProfile(world: World, viewerId: number, m: Member): Obj {
  return {
    $type: "com.linkedin.voyager.dash.identity.profile.Profile",
    entityUrn: profileUrn(m.profileId),
    objectUrn: memberUrn(m.memberId),
    publicIdentifier: m.publicIdentifier,
    firstName: m.firstName,
    lastName: m.lastName,
    headline: m.headline,
    locationName: m.location,
    geoLocation: { geoUrn: `urn:li:fsd_geo:${m.geoId}` },
    industryUrn: `urn:li:fsd_industry:${m.industryId}`,
    industryName: m.industry,
    trackingId: trackingId(m.memberId),
    premium: m.tier !== "free",
    salesNavigatorProfileId: m.salesId,
    memberRelationship: memberRelationship(world, viewerId, m),
    positions: positionsOf(m),
    educations: m.schoolName ? [{ schoolName: m.schoolName, schoolUrn: schoolUrn(m.schoolId) }] : [],
  };
}

function schoolUrn(id: number | null): string | null {
  return id === null ? null : `urn:li:fsd_school:${id}`;
}

function positionsOf(m: Member): Obj[] {
  const d = new Date(m.jobStartedAt);
  const out: Obj[] = [
    {
      title: m.title,
      companyName: m.companyName,
      companyUrn: m.companyId === null ? null : `urn:li:fsd_company:${m.companyId}`,
      startedOn: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 },
      current: true,
    },
  ];
  for (const id of m.pastCompanyIds) {
    out.push({ title: null, companyName: null, companyUrn: `urn:li:fsd_company:${id}`, current: false });
  }
  return out;
}

/** A text view model, as LinkedIn wraps display strings. */
export const text = (s: string) => ({ text: s });
