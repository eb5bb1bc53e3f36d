/** The generated connection graph and invitation history, personas included. */

import { DAY } from "../world/clock.ts";
import { SandboxRefusal } from "../world/refusal.ts";
import type { World } from "../world/world.ts";
import { PERSONA_IDS } from "./personas.ts";

/** How many generated connections each persona gets (ada's 150 include grace and admin). */
const PERSONA_CONNECTIONS: Record<keyof typeof PERSONA_IDS, number> = {
  ada: 148,
  grace: 249,
  linus: 120,
  margaret: 200,
  pin: 15,
  restricted: 10,
  blank: 5,
  admin: 59,
  // No generated connections: the world drawn for the other personas stays as it was.
  totp: 0,
};

export function generateNetwork(world: World, generatedIds: readonly number[]): void {
  const { random, graph } = world;
  const now = world.now();
  const past = () => now - random.int(1, 2000) * DAY - random.int(0, 86_399) * 1000;
  if (generatedIds.length > 1) {
    for (const a of generatedIds) {
      for (let k = random.int(1, 6); k > 0; k--) {
        const b = random.pick(generatedIds);
        if (b !== a) graph.connect(a, b, past());
      }
    }
  }
  graph.connect(PERSONA_IDS.ada, PERSONA_IDS.grace, past());
  graph.connect(PERSONA_IDS.ada, PERSONA_IDS.admin, past());
  for (const [name, count] of Object.entries(PERSONA_CONNECTIONS) as [keyof typeof PERSONA_IDS, number][]) {
    for (const other of random.sample(generatedIds, count)) graph.connect(PERSONA_IDS[name], other, past());
  }
}

/**
 * Pending invitations, sent through the world's own rules with the clock set back: ada has
 * some sent (two in the current week) and some received; generated members have others.
 */
export function generateInvitations(world: World, generatedIds: readonly number[]): void {
  const { random, graph, invitations } = world;
  const now = world.now();
  const ada = PERSONA_IDS.ada;
  const strangers = (id: number) => generatedIds.filter((g) => !graph.areConnected(id, g));
  const sendAt = (daysAgo: number, from: number, to: number, note: string | null) => {
    world.setTime(now - daysAgo * DAY);
    if (graph.areConnected(from, to) || invitations.pendingBetween(from, to) || from === to) return;
    try {
      invitations.send(from, to, note);
    } catch (error) {
      // With custom settings (a tiny weekly limit) the history simply has fewer invitations.
      if (!(error instanceof SandboxRefusal)) throw error;
    }
  };
  const adaStrangers = strangers(ada);
  const targets = random.sample(adaStrangers, 11);
  [20, 12, 9, 2, 1].forEach((days, i) => {
    sendAt(days, ada, targets[i] as number, i === 0 ? "Hello from the sandbox!" : null);
  });
  [30, 15, 6, 4, 3, 1].forEach((days, i) => {
    sendAt(days, targets[5 + i] as number, ada, i % 2 === 0 ? "Would love to connect." : null);
  });
  for (let i = Math.floor(generatedIds.length / 10); i > 0; i--) {
    sendAt(random.int(1, 40), random.pick(generatedIds), random.pick(generatedIds), null);
  }
  world.setTime(now);
}
