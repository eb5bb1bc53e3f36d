/**
 * The sandbox LinkedIn as a library: `startSandbox({ port, seed })` builds the seeded world
 * and serves LinkedIn's web protocol (docs/sandbox-protocol.md) on a real socket.
 *
 * @example
 * const sandbox = await startSandbox({ port: 0, seed: 42 });
 * // sandbox.url → "http://127.0.0.1:54321"; sandbox.world for direct inspection
 * await sandbox.close();
 */

import type { AddressInfo } from "node:net";
import { generateWorld } from "./generator/generate.ts";
import { createSandboxServer } from "./http/app.ts";
import { SandboxState } from "./http/state.ts";
import type { WorldSettings } from "./world/settings.ts";
import type { World } from "./world/world.ts";

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** Generated members besides the personas (default 5,000). */
  members?: number;
  /** World clock start (epoch ms). */
  start?: number;
  /** Overrides of LinkedIn's numbers (weekly invitations, burst limit, …). */
  settings?: Partial<WorldSettings>;
  /** The world's clock follows real time between control-API changes (default true). */
  liveClock?: boolean;
  onError?: (err: unknown) => void;
}

export interface Sandbox {
  /** Base URL standing for https://www.linkedin.com. */
  url: string;
  port: number;
  /** The current world (replaced by `POST /_sandbox/reset`). */
  readonly world: World;
  state: SandboxState;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 42;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const makeWorld = (seed: number) =>
    generateWorld({
      seed,
      ...(options.members !== undefined ? { members: options.members } : {}),
      ...(options.start !== undefined ? { start: options.start } : {}),
      ...(options.settings ? { settings: options.settings } : {}),
    });
  const state = new SandboxState({
    world: makeWorld(options.seed ?? DEFAULT_SEED),
    makeWorld,
    ...(options.liveClock !== undefined ? { liveClock: options.liveClock } : {}),
  });
  const onError = options.onError ?? ((err: unknown) => console.error("sandbox: unexpected error", err));
  const server = createSandboxServer(state, onError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    get world() {
      return state.world;
    },
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
