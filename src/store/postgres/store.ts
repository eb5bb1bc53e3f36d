import type { Clock } from "../../lib/clock.ts";
import { createSecretBox, type SecretBox } from "../secret-box.ts";
import type {
  Account,
  AccountPatch,
  AccountSecrets,
  ApiKey,
  EnqueueResult,
  ListRequestsOptions,
  NewAccount,
  NewRequest,
  RequestRow,
  Store,
  WindowHit,
  Workspace,
} from "../types.ts";
import * as accounts from "./accounts.ts";
import * as apiKeys from "./api-keys.ts";
import type { Pool } from "./db.ts";
import { enqueue } from "./enqueue.ts";
import { migratePostgres } from "./migrate.ts";
import * as requests from "./requests.ts";
import * as windows from "./windows.ts";
import * as workspaces from "./workspaces.ts";

/**
 * The many-node store on a pg Pool. Other parts add their operations as functions over
 * `pool` (their own files) and a one-line method here.
 */
export class PostgresStore implements Store {
  readonly dialect = "postgres" as const;
  readonly pool: Pool;
  /** Seals and opens secrets with the master key (which it keeps out of sight). */
  readonly box: SecretBox;
  private readonly clock: Clock;
  private closing: Promise<void> | null = null;

  constructor(pool: Pool, masterKey: Buffer, clock: Clock) {
    this.pool = pool;
    this.box = createSecretBox(masterKey);
    this.clock = clock;
  }

  migrate(): Promise<number[]> {
    return migratePostgres(this.pool, this.clock.now());
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  createWorkspace(workspace: Workspace): Promise<Workspace> {
    return workspaces.createWorkspace(this.pool, workspace);
  }
  getWorkspace(id: string): Promise<Workspace | null> {
    return workspaces.getWorkspace(this.pool, id);
  }
  findWorkspaceByName(name: string): Promise<Workspace | null> {
    return workspaces.findWorkspaceByName(this.pool, name);
  }
  listWorkspaces(): Promise<Workspace[]> {
    return workspaces.listWorkspaces(this.pool);
  }

  createApiKey(key: ApiKey): Promise<ApiKey> {
    return apiKeys.createApiKey(this.pool, key);
  }
  getApiKey(id: string): Promise<ApiKey | null> {
    return apiKeys.getApiKey(this.pool, id);
  }
  listApiKeys(workspaceId?: string): Promise<ApiKey[]> {
    return apiKeys.listApiKeys(this.pool, workspaceId);
  }
  revokeApiKey(id: string, now: number): Promise<boolean> {
    return apiKeys.revokeApiKey(this.pool, id, now);
  }

  createAccount(account: NewAccount): Promise<Account> {
    return accounts.createAccount(this.pool, this.box, account);
  }
  getAccount(id: string): Promise<Account | null> {
    return accounts.getAccount(this.pool, id);
  }
  listAccounts(workspaceId: string): Promise<Account[]> {
    return accounts.listAccounts(this.pool, workspaceId);
  }
  updateAccount(id: string, patch: AccountPatch, now: number): Promise<Account | null> {
    return accounts.updateAccount(this.pool, id, patch, now);
  }
  getAccountSecrets(id: string): Promise<AccountSecrets | null> {
    return accounts.getAccountSecrets(this.pool, this.box, id);
  }
  setAccountSecrets(id: string, secrets: AccountSecrets | null, now: number): Promise<void> {
    return accounts.setAccountSecrets(this.pool, this.box, id, secrets, now);
  }

  enqueue(batch: NewRequest[]): Promise<EnqueueResult[]> {
    return enqueue(this.pool, batch);
  }
  getRequest(id: string): Promise<RequestRow | null> {
    return requests.getRequest(this.pool, id);
  }
  countPending(accountId: string): Promise<number> {
    return requests.countPending(this.pool, accountId);
  }
  failPending(accountId: string, code: string, message: string, now: number): Promise<number> {
    return requests.failPending(this.pool, accountId, code, message, now);
  }
  listRequests(workspaceId: string, options: ListRequestsOptions): Promise<RequestRow[]> {
    return requests.listRequests(this.pool, workspaceId, options);
  }
  pruneIdempotency(before: number): Promise<number> {
    return requests.pruneIdempotency(this.pool, before);
  }

  hitWindow(key: string, windowMs: number, limit: number, now: number): Promise<WindowHit> {
    return windows.hitWindow(this.pool, key, windowMs, limit, now);
  }
  peekWindow(key: string, windowMs: number, now: number): Promise<number> {
    return windows.peekWindow(this.pool, key, windowMs, now);
  }
}
