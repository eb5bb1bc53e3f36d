/** Generated companies, groups, events and posts, with the personas' fixed pages and places. */

import { DAY } from "../world/clock.ts";
import type { World } from "../world/world.ts";
import type { CompanyRef } from "./members.ts";
import { PERSONA_COMPANIES, PERSONA_IDS } from "./personas.ts";
import { COMPANY_FIRST, COMPANY_SECOND, INDUSTRIES, TOPICS } from "./vocabulary.ts";

export const FIRST_GROUP_ID = 9_000_001;
export const FIRST_EVENT_ID = 6_900_000_001;

/** Fixed groups and events the personas belong to. */
export const PERSONA_GROUPS = { builders: FIRST_GROUP_ID, typescript: FIRST_GROUP_ID + 1 } as const;
export const PERSONA_EVENTS = {
  /** ada attends; attendees may invite. */
  meetup: FIRST_EVENT_ID,
  /** ada attends; the organizer disabled invitations (CANNOT_INVITE). */
  summit: FIRST_EVENT_ID + 1,
  /** Private; ada is not part of it (EVENT_FETCH_FAILED). */
  dinner: FIRST_EVENT_ID + 2,
} as const;

/** The generated company names (ids from 10000), before any member exists. */
export function companyRefs(): CompanyRef[] {
  return COMPANY_FIRST.flatMap((a, i) =>
    COMPANY_SECOND.map((b, j) => ({ id: 10000 + i * 100 + j, name: `${a} ${b}` })),
  );
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-");

export function generateCompanies(world: World, refs: readonly CompanyRef[]): void {
  const { random, companies } = world;
  const fixed = [
    { id: PERSONA_COMPANIES.widgets, name: "Sandbox Widgets", admins: [PERSONA_IDS.admin], extra: 0, empty: false },
    { id: PERSONA_COMPANIES.global, name: "Sandbox Global", admins: [PERSONA_IDS.admin], extra: 12_000, empty: false },
    { id: PERSONA_COMPANIES.empty, name: "Sandbox Empty Co", admins: [], extra: 0, empty: true },
    {
      id: PERSONA_COMPANIES.analytical,
      name: "Analytical Engines",
      admins: [PERSONA_IDS.grace],
      extra: 40,
      empty: false,
    },
  ];
  // Everyone follows their employer's page.
  const followers = new Map<number, number[]>();
  for (const m of world.members.list) {
    if (m.companyId === null) continue;
    const list = followers.get(m.companyId) ?? [];
    list.push(m.memberId);
    followers.set(m.companyId, list);
  }
  for (const c of fixed) {
    companies.add({
      followerIds: followers.get(c.id) ?? [],
      id: c.id,
      universalName: slug(c.name),
      name: c.name,
      industry: "Software Development",
      industryId: 4,
      description: `${c.name}: a page of the welink sandbox.`,
      staffCount: random.int(5, 500),
      extraFollowers: c.extra,
      empty: c.empty,
      adminIds: c.admins,
    });
  }
  for (const ref of refs) {
    const [industry, industryId] = random.pick(INDUSTRIES);
    companies.add({
      followerIds: followers.get(ref.id) ?? [],
      id: ref.id,
      universalName: slug(ref.name),
      name: ref.name,
      industry,
      industryId,
      description: `${ref.name} works in ${industry.toLowerCase()}.`,
      staffCount: random.int(2, 20_000),
      extraFollowers: random.int(0, 3000),
      empty: random.chance(0.02),
      adminIds: [],
    });
  }
}

export function generateGroups(world: World, generatedIds: readonly number[]): void {
  const { random, groups } = world;
  const count = Math.max(20, Math.floor(generatedIds.length / 50));
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[i % TOPICS.length] as string;
    const name = i === 0 ? "Sandbox Builders" : i === 1 ? "TypeScript Professionals" : `${cap(topic)} Network ${i}`;
    const memberIds = random.sample(generatedIds, random.int(10, 300));
    const personas: number[] =
      i === 0 ? [PERSONA_IDS.ada, PERSONA_IDS.grace, PERSONA_IDS.linus] : i === 1 ? [PERSONA_IDS.ada] : [];
    groups.add({
      id: FIRST_GROUP_ID + i,
      name,
      description: `A group about ${topic}.`,
      createdAt: world.now() - random.int(100, 3000) * DAY,
      adminIds: [memberIds[0] ?? PERSONA_IDS.grace],
      memberIds: [...personas, ...memberIds],
    });
  }
}

export function generateEvents(world: World, generatedIds: readonly number[]): void {
  const { random, events } = world;
  const count = Math.max(20, Math.floor(generatedIds.length / 50));
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[(i * 7) % TOPICS.length] as string;
    const organizer = i < 3 ? PERSONA_IDS.grace : random.pick(generatedIds);
    const attendees = random.sample(generatedIds, random.int(5, 200));
    if (i === 0 || i === 1) attendees.push(PERSONA_IDS.ada);
    events.add({
      id: FIRST_EVENT_ID + i,
      name:
        i === 0 ? "Sandbox Meetup" : i === 1 ? "Sandbox Summit" : i === 2 ? "Private Dinner" : `${cap(topic)} Day ${i}`,
      description: `Talks and people about ${topic}.`,
      startsAt: world.now() + random.int(-30, 90) * DAY,
      organizerIds: [organizer],
      attendeeIds: attendees,
      invitesEnabled: i === 1 ? false : i === 0 ? true : random.chance(0.8),
      private: i === 2 ? true : i < 2 ? false : random.chance(0.15),
    });
  }
}

const POST_TEMPLATES = [
  (t: string) => `Excited to share what we learned about ${t} this quarter.`,
  (t: string) => `Three lessons on ${t} nobody told me when I started.`,
  (t: string) => `We're hiring! If ${t} is your thing, send me a message.`,
  (t: string) => `Thoughts on ${t}? I'd love to hear how your team approaches it.`,
  (t: string) => `Great panel today on ${t}. Thank you to everyone who came.`,
];

export function generatePosts(world: World, generatedIds: readonly number[]): void {
  const { random, posts } = world;
  const now = world.now();
  const drafts: { author: number; text: string; at: number }[] = [];
  const personaPosts: [number, number][] = [
    [PERSONA_IDS.ada, 3],
    [PERSONA_IDS.grace, 5],
    [PERSONA_IDS.linus, 2],
    [PERSONA_IDS.admin, 2],
  ];
  for (const [author, n] of personaPosts) {
    for (let k = 0; k < n; k++) drafts.push({ author, text: random.pick(POST_TEMPLATES)(random.pick(TOPICS)), at: 0 });
  }
  for (const author of generatedIds) {
    for (let k = random.int(0, 2); k > 0; k--)
      drafts.push({ author, text: random.pick(POST_TEMPLATES)(random.pick(TOPICS)), at: 0 });
  }
  for (const d of drafts) d.at = now - random.int(1, 180 * 24) * 3_600_000;
  drafts.sort((a, b) => a.at - b.at || a.author - b.author);
  for (const d of drafts) {
    const post = posts.insert(d.author, d.text, [], d.at);
    for (let r = random.int(0, 5); r > 0; r--)
      post.reactions.set(random.pick(generatedIds), random.pick(["LIKE", "PRAISE", "EMPATHY"]));
    for (let c = random.int(0, 2); c > 0; c--) {
      posts.insertComment(post, random.pick(generatedIds), "Well said!", d.at + 3_600_000);
    }
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
