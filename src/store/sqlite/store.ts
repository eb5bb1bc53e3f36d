import type { Clock } from "../../lib/clock.ts";
import { createSecretBox, type SecretBox } from "../secret-box.ts";
import type {
  Account,
  AccountListener,
  AccountPatch,
  AccountSecrets,
  AccountWatch,
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
import { watchAccounts } from "./account-watch.ts";
import * as accounts from "./accounts.ts";
import { trackActiveRequests } from "./active-requests.ts";
import * as apiKeys from "./api-keys.ts";
import { type Checkpointer, startCheckpointer } from "./checkpointer.ts";
import { type Db, prepared } from "./db.ts";
import { enqueue } from "./enqueue.ts";
import { migrateSqlite } from "./migrate.ts";
import * as requests from "./requests.ts";
import * as windows from "./windows.ts";
import * as workspaces from "./workspaces.ts";

/**
 * The embedded store. better-sqlite3 is synchronous; the methods are async only to share
 * the interface with PostgreSQL. Other parts add their operations as functions over `db`
 * (their own files) and a one-line method here.
 */
export class SqliteStore implements Store {
  readonly dialect = "sqlite" as const;
  readonly db: Db;
  /** Seals and opens secrets with the master key (which it keeps out of sight). */
  readonly box: SecretBox;
  private readonly clock: Clock;
  private closed = false;
  private checkpointer: Checkpointer | null = null;

  constructor(db: Db, masterKey: Buffer, clock: Clock) {
    this.db = db;
    this.box = createSecretBox(masterKey);
    this.clock = clock;
  }

  async migrate(): Promise<number[]> {
    const applied = migrateSqlite(this.db, this.clock.now());
    // From here every write to `requests` keeps the engine's in-memory queue view.
    trackActiveRequests(this.db);
    return applied;
  }

  /** WAL checkpoints from a worker thread instead of inside commits (see checkpointer.ts). */
  checkpointInBackground(): void {
    if (!this.checkpointer && !this.closed) this.checkpointer = startCheckpointer(this.db);
  }

  async ping(): Promise<boolean> {
    try {
      prepared(this.db, "SELECT 1").get();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.checkpointer?.stop();
    this.db.close();
  }

  async createWorkspace(workspace: Workspace): Promise<Workspace> {
    return workspaces.createWorkspace(this.db, workspace);
  }
  async getWorkspace(id: string): Promise<Workspace | null> {
    return workspaces.getWorkspace(this.db, id);
  }
  async findWorkspaceByName(name: string): Promise<Workspace | null> {
    return workspaces.findWorkspaceByName(this.db, name);
  }
  async listWorkspaces(): Promise<Workspace[]> {
    return workspaces.listWorkspaces(this.db);
  }

  async createApiKey(key: ApiKey): Promise<ApiKey> {
    return apiKeys.createApiKey(this.db, key);
  }
  async getApiKey(id: string): Promise<ApiKey | null> {
    return apiKeys.getApiKey(this.db, id);
  }
  async listApiKeys(workspaceId?: string): Promise<ApiKey[]> {
    return apiKeys.listApiKeys(this.db, workspaceId);
  }
  async revokeApiKey(id: string, now: number): Promise<boolean> {
    return apiKeys.revokeApiKey(this.db, id, now);
  }

  async createAccount(account: NewAccount): Promise<Account> {
    return accounts.createAccount(this.db, this.box, account);
  }
  async getAccount(id: string): Promise<Account | null> {
    return accounts.getAccount(this.db, id);
  }
  async listAccounts(workspaceId: string): Promise<Account[]> {
    return accounts.listAccounts(this.db, workspaceId);
  }
  async updateAccount(id: string, patch: AccountPatch, now: number): Promise<Account | null> {
    return accounts.updateAccount(this.db, id, patch, now);
  }
  watchAccounts(listener: AccountListener): AccountWatch {
    return watchAccounts(this.db, listener);
  }
  async getAccountSecrets(id: string): Promise<AccountSecrets | null> {
    return accounts.getAccountSecrets(this.db, this.box, id);
  }
  async setAccountSecrets(id: string, secrets: AccountSecrets | null, now: number): Promise<void> {
    accounts.setAccountSecrets(this.db, this.box, id, secrets, now);
  }

  async enqueue(batch: NewRequest[]): Promise<EnqueueResult[]> {
    return enqueue(this.db, batch);
  }
  async getRequest(id: string): Promise<RequestRow | null> {
    return requests.getRequest(this.db, id);
  }
  async countPending(accountId: string): Promise<number> {
    return requests.countPending(this.db, accountId);
  }
  async failPending(accountId: string, code: string, message: string, now: number): Promise<number> {
    return requests.failPending(this.db, accountId, code, message, now);
  }
  async listRequests(workspaceId: string, options: ListRequestsOptions): Promise<RequestRow[]> {
    return requests.listRequests(this.db, workspaceId, options);
  }
  async pruneIdempotency(before: number): Promise<number> {
    return requests.pruneIdempotency(this.db, before);
  }

  async hitWindow(key: string, windowMs: number, limit: number, now: number): Promise<WindowHit> {
    return windows.hitWindow(this.db, key, windowMs, limit, now);
  }
  async peekWindow(key: string, windowMs: number, now: number): Promise<number> {
    return windows.peekWindow(this.db, key, windowMs, now);
  }
}
