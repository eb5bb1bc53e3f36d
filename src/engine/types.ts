import type { RunContext } from "../catalog/define.ts";
import type { Clock, Sleep } from "../lib/clock.ts";
import type { Random } from "../lib/random.ts";
import type { Claimed, EngineStore } from "../store/engine-types.ts";
import type { Store } from "../store/types.ts";
import type { EngineAction } from "./actions.ts";
import type { BackoffPolicy, CooldownPolicy } from "./backoff.ts";
import type { Pacing } from "./pacing.ts";
import type { TrackerCheck } from "./tracker-poller.ts";

/** The worker loop's options, events and handle (the loop itself is engine.ts). */

export interface EngineOptions {
  store: Store;
  clock: Clock;
  random: Random;
  actions: readonly EngineAction[];
  /** Builds what `run`/`verify` receive (the composition root adds the driver, …). */
  makeContext: (claimed: Claimed) => RunContext | Promise<RunContext>;
  workerId?: string;
  /** A claim's lifetime without renewal; a dead worker's lanes free up after it (default 60 s). */
  leaseMs?: number;
  /** A run (or verify) longer than this counts as a timeout with an unknown outcome (default 120 s). */
  /** Waits between the pages of a paged read (default: a real timer); tests move injected time instead. */
  sleep?: Sleep;
  runTimeoutMs?: number;
  /** Lanes running at once in this process (default 100). */
  concurrency?: number;
  /** Lanes claimed per claim transaction (default 200). */
  batchSize?: number;
  /** Gap between two actions of one account when it has no `pacing` of its own. */
  defaultPacing?: Pacing;
  sessionActions?: readonly string[];
  /** Longest sleep when nothing is due, to notice work of other processes (default 1 s). */
  pollMs?: number;
  /** How often queue timeouts are swept (default 5 s). */
  maintenanceMs?: number;
  /** How often lost wake-ups are looked for (default 30 s). */
  repairMs?: number;
  /** Finish transactions a batch is split into, run in parallel (PostgreSQL; default 1). */
  finishParallelism?: number;
  /** PostgreSQL: LISTEN on welink_requests and NOTIFY on enqueue (default true there). */
  listen?: boolean;
  backoff?: BackoffPolicy;
  cooldown?: CooldownPolicy;
  hardMaxAttempts?: number;
  /** Reply/acceptance checks (the driver provides it); without it trackers are kept but not polled. */
  checkTracker?: TrackerCheck;
  /** Observability: every dispatch and every finish. */
  onEvent?: (event: EngineEvent) => void;
  engineStore?: EngineStore;
}

export type EngineEvent =
  | { type: "dispatch"; requestId: string; accountId: string; action: string; eligibleAt: number; at: number }
  | { type: "finish"; requestId: string; accountId: string; outcome: string; at: number; applied: boolean }
  | { type: "error"; error: unknown; where: string };

export interface Engine {
  readonly workerId: string;
  /** Runs the loop in the background (timers, LISTEN). */
  start(): Promise<void>;
  /** Stops claiming, waits (at most `timeoutMs`, default 30 s) for the running turns to finish, then releases resources. */
  stop(timeoutMs?: number): Promise<void>;
  /** Looks for due work now (in-process wake-up). */
  wake(accountIds?: readonly string[]): void;
  /** The gateway's hook after an enqueue: marks the lanes due, wakes this and other processes. Never rejects. */
  onEnqueued(accountIds: readonly string[]): Promise<void>;
  /** Disconnect: fails the account's queued requests with ACCOUNT_DISCONNECTED and pauses its lane. */
  cancelAccount(accountId: string): Promise<number>;
  /** An account is ACTIVE again (re-login outside the engine): lifts its pause and wakes its lane. */
  resumeAccount(accountId: string): Promise<void>;
  /** Settings changed (set_limits): postponed requests and the lane are looked at again; a pause stays. */
  touchAccount(accountId: string): Promise<void>;
  /**
   * For tests with a manual clock: one round of maintenance, claim, run and finish, awaited
   * to the end. Returns how many requests were claimed.
   */
  step(): Promise<number>;
  /** Steps until a round claims nothing. Returns the total claimed. */
  drain(maxRounds?: number): Promise<number>;
  readonly store: EngineStore;
  readonly defaultPacing: Pacing;
}
