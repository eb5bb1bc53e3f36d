/**
 * What LinkedIn tells a member about their network (sandbox-protocol.md §4, §10): who viewed
 * my profile (the legacy wvmp card the web client still reads) and today's celebrations
 * (birthdays, work anniversaries, job changes) on the world's clock.
 */

import type { Member } from "../../world/types.ts";
import { plain, restli } from "../answer.ts";
import { type Ctx, viewer } from "../context.ts";
import { collection } from "../envelope.ts";
import { badRequest } from "../query.ts";
import type { Family } from "../router.ts";
import { dashProfile } from "../shapes.ts";

const CARD = "com.linkedin.voyager.identity.me.wvmpOverview.WvmpViewersCard";
const SUMMARY = "com.linkedin.voyager.identity.me.wvmpOverview.WvmpSummaryInsightCard";

function wvmpCards(ctx: Ctx) {
  const me = viewer(ctx);
  const { profiles, members } = ctx.world;
  const numViews = profiles.viewsTotal(me.memberId);
  const viewers = profiles.viewers(me.memberId).map((v) => {
    const who = members.get(v.viewerId);
    return {
      viewedAt: v.at,
      profile: who ? dashProfile(ctx.world, me.memberId, who) : null,
      occupation: who?.headline ?? null,
    };
  });
  // The card nests unions keyed by type name; every accept gets it flat, as LinkedIn's.
  return plain({
    elements: [{ value: { [CARD]: { insightCards: [{ value: { [SUMMARY]: { numViews, viewers } } }] } } }],
    paging: { start: 0, count: 1, total: 1 },
  });
}

const OCCASIONS = ["BIRTHDAY", "WORK_ANNIVERSARY", "JOB_CHANGE"] as const;

function celebrations(ctx: Ctx) {
  const me = viewer(ctx);
  const raw = ctx.query.restli("occasionTypes");
  const wanted = raw === undefined ? [...OCCASIONS] : Array.isArray(raw) ? raw : null;
  if (!wanted || wanted.some((o) => typeof o !== "string" || !(OCCASIONS as readonly string[]).includes(o))) {
    throw badRequest(`occasionTypes is List(${OCCASIONS.join(",")})`);
  }
  const today = ctx.world.profiles.greetings(me.memberId);
  const byOccasion: Record<(typeof OCCASIONS)[number], Member[]> = {
    BIRTHDAY: today.birthdays,
    WORK_ANNIVERSARY: today.workAnniversaries,
    JOB_CHANGE: today.jobChanges,
  };
  const elements = OCCASIONS.filter((o) => wanted.includes(o)).flatMap((occasion) =>
    byOccasion[occasion].map((m) => ({
      $type: "com.linkedin.voyager.dash.relationships.Celebration",
      entityUrn: `urn:li:fsd_celebration:(${m.profileId},${occasion})`,
      occasion,
      profile: dashProfile(ctx.world, me.memberId, m),
      detail: occasion === "BIRTHDAY" ? "Birthday today" : occasion === "JOB_CHANGE" ? m.title : "Work anniversary",
    })),
  );
  return restli(collection(elements, 0, elements.length, elements.length));
}

export const insights: Family = {
  routes: [
    { method: "GET", path: "/voyager/api/identity/wvmpCards", handler: wvmpCards },
    { method: "GET", path: "/voyager/api/relationships/dash/celebrations", q: "today", handler: celebrations },
  ],
};
