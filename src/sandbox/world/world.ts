/**
 * The simulated LinkedIn's state and rules, with no HTTP. The http layer (src/sandbox/http)
 * builds LinkedIn's protocol on top of this API; the generator (src/sandbox/generator) fills it.
 *
 * Public API (every refusal is a thrown `SandboxRefusal { code, httpStatus, message }`):
 * - `new World({ seed?, start?, settings? })`; `world.seed`, `world.settings`.
 * - Clock: `now()`, `setTime(ms)`, `advance(ms)` (epoch ms). `world.random` (seeded).
 * - `world.members`: `add`, `get(memberId)`, `require`, `byProfileId`, `bySalesId`,
 *   `byRecruiterId`, `byPublicIdentifier`, `byEmailAddress`, `resolve(anyRef)`, `list`, `count`.
 * - `world.sessions`: `authenticate(email, pw)`, `login(email, pw)` → PASS {session} |
 *   CHALLENGE {challengeId}, `verifyPin(challengeId, pin)`, `issue`, `get(liAt)`,
 *   `active(liAt)`, `revoke`, `revokeAll(memberId)`, `startRecruiter(liAt, ack?)`,
 *   `requireRecruiter(liAt)`.
 */

import { WorldClock } from "./clock.ts";
import { Members } from "./members.ts";
import { SeededRandom } from "./random.ts";
import { Sessions } from "./sessions.ts";
import { DEFAULT_SETTINGS, type WorldSettings } from "./settings.ts";

export interface WorldOptions {
  seed?: number;
  /** The clock's start (epoch ms). */
  start?: number;
  settings?: Partial<WorldSettings>;
}

export class World {
  readonly seed: number;
  readonly settings: WorldSettings;
  readonly clock: WorldClock;
  readonly random: SeededRandom;
  readonly members: Members;
  readonly sessions: Sessions;

  constructor(options: WorldOptions = {}) {
    this.seed = options.seed ?? 1;
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.clock = new WorldClock(options.start);
    this.random = new SeededRandom(this.seed);
    this.members = new Members();
    this.sessions = new Sessions(this.members, this.clock, this.settings);
  }

  now(): number {
    return this.clock.now();
  }

  setTime(ms: number): number {
    return this.clock.setTime(ms);
  }

  advance(ms: number): number {
    return this.clock.advance(ms);
  }
}
