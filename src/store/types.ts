/**
 * The one storage interface of welink. Two adapters implement it: `sqlite/` (embedded,
 * one process) and `postgres/` (many processes). Every method that must be atomic is one
 * method here, implemented as one transaction inside the adapter: callers never hold a
 * transaction open. Times are epoch milliseconds; JSON columns come back parsed.
 * Secrets (account passwords, cookies, TOTP secrets, webhook secrets) are handed to the
 * store in clear and encrypted by the adapter with AES-256-GCM (see secret-box.ts).
 */

export interface Workspace {
  id: string;
  name: string;
  createdAt: number;
}

export interface ApiKey {
  /** The public half, sent as `x-api-key`. */
  id: string;
  workspaceId: string;
  name: string;
  /** scrypt hash of the secret, in the form produced by the gateway's key module. */
  secretHash: string;
  /** Action names (or family names) this key may call; empty = every action. */
  scopes: string[];
  /** CIDR blocks the key may be used from; empty = anywhere. */
  allowIps: string[];
  createdAt: number;
  revokedAt: number | null;
}

export type AccountStatus =
  | "LOGGING_IN"
  | "PIN_REQUIRED"
  | "ACTIVE"
  | "SESSION_EXPIRED"
  | "RESTRICTED"
  | "PROXY_FAILED"
  | "DISCONNECTED";

/** What the account's LinkedIn profile told us at login; shown by the API. */
export interface AccountProfile {
  first_name?: string;
  last_name?: string;
  profile_id?: string;
  public_identifier?: string;
  headline?: string;
  location?: string;
  occupation?: string;
  premium?: boolean;
  sales_navigator?: boolean;
  recruiter?: boolean;
}

/** The account's proxy without its password (safe to show). */
export interface AccountProxy {
  location?: string;
  protocol?: "http" | "https" | "socks5";
  host?: string;
  port?: number;
  username?: string;
}

/** Everything that must be encrypted at rest. */
export interface AccountSecrets {
  password?: string;
  two_fa_secret?: string;
  proxy_password?: string;
  user_agent?: string;
  /** The session cookie jar, serialised by the driver. */
  cookies?: unknown;
  /** Driver state that must survive restarts (login challenge context, …). */
  session?: unknown;
}

export interface Account {
  id: string;
  workspaceId: string;
  email: string | null;
  status: AccountStatus;
  /** Why the account left ACTIVE (a catalogue code or a sentence). */
  statusReason: string | null;
  profile: AccountProfile;
  proxy: AccountProxy | null;
  /** Per-account safety settings (`set_limits`); the engine owns the shape. */
  limits: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  disconnectedAt: number | null;
}

export interface NewAccount {
  id: string;
  workspaceId: string;
  email: string | null;
  status: AccountStatus;
  proxy: AccountProxy | null;
  secrets: AccountSecrets;
  now: number;
}

export interface AccountPatch {
  email?: string | null;
  status?: AccountStatus;
  statusReason?: string | null;
  profile?: AccountProfile;
  proxy?: AccountProxy | null;
  limits?: Record<string, unknown>;
  disconnectedAt?: number | null;
}

/** QUEUED, PROCESSING, SUCCESS, or the catalogue code it failed with. */
export type RequestStatus = string;

export interface RequestRow {
  id: string;
  workspaceId: string;
  accountId: string | null;
  /** The catalogue action name, e.g. `connect`. */
  action: string;
  input: Record<string, unknown>;
  status: RequestStatus;
  result: unknown;
  message: string | null;
  attempts: number;
  /** Earliest time the engine may start it (postponements move it). */
  runAt: number;
  /** When it fails with QUEUE_TIMEOUT_THRESHOLD_EXCEEDED if still queued; null = never. */
  expiresAt: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface NewRequest {
  id: string;
  workspaceId: string;
  accountId: string | null;
  action: string;
  input: Record<string, unknown>;
  runAt: number;
  expiresAt: number | null;
  now: number;
  /** Set when the caller sent an Idempotency-Key header. */
  idempotency?: { key: string; fingerprint: string };
  /**
   * SQLite: the account window whose hit (at `now`) this request records; set by the
   * gateway's commit when the hit was decided in the same transaction (windows.ts).
   */
  windowKey?: string;
}

export type EnqueueResult =
  | { kind: "created"; request: RequestRow }
  /** The same key and the same body were seen before: the original request. */
  | { kind: "replayed"; request: RequestRow }
  /** The same key came with another body. */
  | { kind: "conflict" };

export interface ListRequestsOptions {
  accountId?: string;
  status?: RequestStatus;
  /** At most this many rows, newest first. */
  limit: number;
  /** A request id: only requests older than it (created earlier; ties broken by id). */
  before?: string;
}

export interface WindowHit {
  allowed: boolean;
  /** Hits in the window, this one included when allowed. */
  count: number;
  /** When refused: milliseconds until the oldest hit leaves the window. */
  retryAfterMs: number;
}

/** What a cache of account rows is told (see `Store.watchAccounts`). */
export interface AccountListener {
  /** This account was updated or deleted. */
  changed(id: string): void;
  /** Any account may have changed (another process wrote): drop everything. */
  all(): void;
}

export interface AccountWatch {
  /** Looks for changes made elsewhere; call it before trusting a cached row. */
  check(): void;
  close(): void;
}

export interface Store {
  readonly dialect: "sqlite" | "postgres";

  /** Apply pending migrations; returns the versions applied. */
  migrate(): Promise<number[]>;
  /** Cheap reachability probe for GET /health. */
  ping(): Promise<boolean>;
  close(): Promise<void>;

  // Workspaces and keys.
  createWorkspace(workspace: Workspace): Promise<Workspace>;
  getWorkspace(id: string): Promise<Workspace | null>;
  findWorkspaceByName(name: string): Promise<Workspace | null>;
  listWorkspaces(): Promise<Workspace[]>;
  createApiKey(key: ApiKey): Promise<ApiKey>;
  getApiKey(id: string): Promise<ApiKey | null>;
  listApiKeys(workspaceId?: string): Promise<ApiKey[]>;
  /** Returns false when no such key exists. */
  revokeApiKey(id: string, now: number): Promise<boolean>;

  // Accounts.
  createAccount(account: NewAccount): Promise<Account>;
  getAccount(id: string): Promise<Account | null>;
  listAccounts(workspaceId: string): Promise<Account[]>;
  updateAccount(id: string, patch: AccountPatch, now: number): Promise<Account | null>;
  getAccountSecrets(id: string): Promise<AccountSecrets | null>;
  /** Merges into the stored secrets; `null` erases them all (disconnect). */
  setAccountSecrets(id: string, secrets: AccountSecrets | null, now: number): Promise<void>;
  /**
   * Where the store can tell every change of an account row (SQLite), a cache may keep
   * rows until they change. Absent (PostgreSQL: other nodes write without telling this
   * one), a cache must expire what it holds.
   */
  watchAccounts?(listener: AccountListener): AccountWatch;

  // Requests.
  /**
   * Inserts the requests, each with its idempotency record when it has one, in one
   * transaction. Batching many in one call is how the gateway reaches its throughput
   * (group commit); the results come back in the same order.
   */
  enqueue(requests: NewRequest[]): Promise<EnqueueResult[]>;
  getRequest(id: string): Promise<RequestRow | null>;
  /** Requests of an account still QUEUED or PROCESSING. */
  countPending(accountId: string): Promise<number>;
  /**
   * Finishes every QUEUED request of the account with `code` (e.g. ACCOUNT_DISCONNECTED)
   * in one statement; PROCESSING ones are left to the engine. Returns how many.
   */
  failPending(accountId: string, code: string, message: string, now: number): Promise<number>;
  /** A workspace's requests, newest first, for inspection. */
  listRequests(workspaceId: string, options: ListRequestsOptions): Promise<RequestRow[]>;
  /** Deletes idempotency records older than `before`; returns how many. */
  pruneIdempotency(before: number): Promise<number>;

  // Rolling windows (API request limits).
  /**
   * Records one hit on `key` if fewer than `limit` hits fall in (now - windowMs, now],
   * atomically across processes. A true sliding log, not fixed buckets. Hits stamped after
   * `now` (another process read its clock a moment later) count as inside the window, so
   * the limit holds when callers' clocks arrive out of order. Use one `windowMs` per key:
   * each hit prunes the key's log by the window it is given.
   */
  hitWindow(key: string, windowMs: number, limit: number, now: number): Promise<WindowHit>;
  /** Hits currently in the window, without recording one. */
  peekWindow(key: string, windowMs: number, now: number): Promise<number>;
}
