import { randomUUID } from "node:crypto";
import type { Clock } from "../lib/clock.ts";
import type { Store, Workspace } from "../store/types.ts";
import { parseAllowList } from "./ip-list.ts";
import { hashSecret } from "./secrets.ts";

export interface NewKeyOptions {
  /** Workspace name; created when missing. */
  workspace: string;
  name?: string;
  scopes?: string[];
  allowIps?: string[];
}

export interface CreatedKey {
  workspace: string;
  workspaceId: string;
  apiKey: string;
  /** Shown once; only its scrypt hash is stored. */
  apiSecret: string;
}

export async function ensureWorkspace(store: Store, name: string, clock: Clock): Promise<Workspace> {
  const existing = await store.findWorkspaceByName(name);
  if (existing) return existing;
  return store.createWorkspace({ id: randomUUID(), name, createdAt: clock.now() });
}

/** Creates a key (and its workspace when new). Throws on a malformed allow-list entry. */
export async function createKey(store: Store, clock: Clock, options: NewKeyOptions): Promise<CreatedKey> {
  const allowIps = options.allowIps ?? [];
  parseAllowList(allowIps);
  const workspace = await ensureWorkspace(store, options.workspace, clock);
  const apiKey = randomUUID();
  const apiSecret = randomUUID();
  await store.createApiKey({
    id: apiKey,
    workspaceId: workspace.id,
    name: options.name ?? "default",
    secretHash: await hashSecret(apiSecret),
    scopes: options.scopes ?? [],
    allowIps,
    createdAt: clock.now(),
    revokedAt: null,
  });
  return { workspace: workspace.name, workspaceId: workspace.id, apiKey, apiSecret };
}
