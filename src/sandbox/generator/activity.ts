/**
 * Generated conversations, profile views and "today" events, made through the world's own
 * rules with the clock set back, so the history obeys the rules it will be judged by.
 */

import { DAY, HOUR, monthDay } from "../world/clock.ts";
import { SandboxRefusal } from "../world/refusal.ts";
import type { World } from "../world/world.ts";
import { PERSONA_GROUPS } from "./content.ts";
import { FIRST_GENERATED_MEMBER_ID } from "./members.ts";
import { PERSONA_IDS } from "./personas.ts";

const OPENERS = [
  "Hi! Great to connect.",
  "Thanks for the invite!",
  "Are you going to the meetup?",
  "Quick question about your post",
];
const REPLIES = ["Likewise!", "Sure, happy to help.", "Yes, see you there.", "Thanks, let's talk next week."];

export function generateThreads(world: World, generatedIds: readonly number[]): void {
  const { random, graph, messaging, members } = world;
  const now = world.now();
  const at = (hoursAgo: number) => world.setTime(now - hoursAgo * HOUR);
  const conversation = (a: number, b: number, hoursAgo: number) => {
    at(hoursAgo);
    const { thread } = messaging.send(a, b, random.pick(OPENERS));
    for (let k = random.int(0, 3); k > 0; k--) {
      hoursAgo -= random.int(1, Math.max(1, Math.floor(hoursAgo / 4)));
      if (hoursAgo <= 0) break;
      at(hoursAgo);
      messaging.reply(k % 2 === 1 ? b : a, thread.id, random.pick(REPLIES));
    }
  };

  // ada: normal conversations with connections, a message request and an InMail received.
  const ada = PERSONA_IDS.ada;
  for (const other of random.sample(graph.connections(ada), 8)) conversation(other, ada, random.int(2, 60 * 24));
  const groupmate = [...(world.groups.get(PERSONA_GROUPS.builders)?.memberIds ?? [])].find(
    (id) => id !== ada && !graph.areConnected(id, ada) && id >= FIRST_GENERATED_MEMBER_ID,
  );
  if (groupmate !== undefined) {
    at(30);
    attempt(() =>
      messaging.sendRequest(groupmate, ada, "Hi Ada, we're both in Sandbox Builders. Could we chat?", {
        group: PERSONA_GROUPS.builders,
      }),
    );
  }
  const premium = generatedIds.find((id) => members.get(id)?.tier === "premium" && !graph.areConnected(id, ada));
  if (premium !== undefined) {
    at(50);
    attempt(() => messaging.sendInMail(premium, ada, "Opportunity", "Hi Ada, I have a role you might like."));
  }

  // grace: conversations and two InMails sent, one of them answered (its credit came back).
  const grace = PERSONA_IDS.grace;
  for (const other of random.sample(graph.connections(grace), 5)) conversation(grace, other, random.int(2, 30 * 24));
  const strangers = random.sample(
    generatedIds.filter(
      (id) => !graph.areConnected(grace, id) && members.get(id)?.acceptsInMail && !members.get(id)?.openProfile,
    ),
    2,
  );
  strangers.forEach((to, i) => {
    at(100 - i * 20);
    const thread = attempt(() =>
      messaging.sendInMail(grace, to, "Compilers", "Would you speak at our meetup?"),
    )?.thread;
    if (thread && i === 0) {
      at(70);
      messaging.reply(to, thread.id, "Happy to!");
    }
  });

  for (const name of ["linus", "margaret", "admin"] as const) {
    const id = PERSONA_IDS[name];
    for (const other of random.sample(graph.connections(id), 3)) conversation(id, other, random.int(2, 30 * 24));
  }

  // Generated members talk among themselves.
  for (let i = Math.floor(generatedIds.length / 5); i > 0; i--) {
    const a = random.pick(generatedIds);
    const friends = graph.connections(a).filter((id) => id >= FIRST_GENERATED_MEMBER_ID);
    if (friends.length === 0) continue;
    const b = random.pick(friends);
    if (messaging.normalThread(a, b)) continue;
    conversation(a, b, random.int(2, 120 * 24));
  }
  world.setTime(now);
}

/** A history step that custom settings (no InMail credits, say) may refuse: then it is skipped. */
function attempt<T>(step: () => T): T | undefined {
  try {
    return step();
  } catch (error) {
    if (error instanceof SandboxRefusal) return undefined;
    throw error;
  }
}

export function generateViews(world: World, generatedIds: readonly number[]): void {
  const { random, profiles } = world;
  const now = world.now();
  const view = (viewer: number, viewed: number, maxDays: number) =>
    profiles.recordView(viewer, viewed, now - random.int(1, maxDays * 24) * HOUR);
  for (const viewer of random.sample(generatedIds, 40)) view(viewer, PERSONA_IDS.grace, 60);
  for (const viewer of random.sample(generatedIds, 8)) view(viewer, PERSONA_IDS.ada, 30);
  for (let i = Math.floor(generatedIds.length / 2); i > 0; i--)
    view(random.pick(generatedIds), random.pick(generatedIds), 120);
}

/** Give ada's first connections a birthday, a work anniversary and a job change today. */
export function generateToday(world: World): void {
  const now = world.now();
  const today = monthDay(now);
  const [b, w, j] = world.graph
    .connections(PERSONA_IDS.ada)
    .filter((id) => id >= FIRST_GENERATED_MEMBER_ID)
    .sort((x, y) => x - y);
  const member = (id: number | undefined) => (id === undefined ? undefined : world.members.get(id));
  const birthday = member(b);
  if (birthday) birthday.birthday = today;
  const anniversary = member(w);
  if (anniversary)
    anniversary.jobStartedAt = Date.UTC(new Date(now).getUTCFullYear() - 4, today.month - 1, today.day, 9);
  const changed = member(j);
  if (changed) {
    changed.jobChangedAt = now - (now % DAY) + HOUR;
    changed.jobStartedAt = changed.jobChangedAt;
  }
}
