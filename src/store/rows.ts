import type { Account, AccountPatch, AccountStatus, ApiKey, NewRequest, RequestRow, Workspace } from "./types.ts";

/**
 * Raw rows as both dialects return them (snake_case columns, epoch-ms numbers) and their
 * mapping to the interface's shapes. The only dialect difference is JSON: SQLite hands back
 * text, PostgreSQL's jsonb comes back parsed; each adapter passes its `parse`.
 */

export type JsonParse = (value: unknown) => unknown;

export const parseText: JsonParse = (value) =>
  value === null || value === undefined ? null : JSON.parse(value as string);
export const parsed: JsonParse = (value) => (value === undefined ? null : value);

export interface WorkspaceRaw {
  id: string;
  name: string;
  created_at: number;
}

export interface ApiKeyRaw {
  id: string;
  workspace_id: string;
  name: string;
  secret_hash: string;
  scopes: unknown;
  allow_ips: unknown;
  created_at: number;
  revoked_at: number | null;
}

export interface AccountRaw {
  id: string;
  workspace_id: string;
  email: string | null;
  status: string;
  status_reason: string | null;
  profile: unknown;
  proxy: unknown;
  limits: unknown;
  created_at: number;
  updated_at: number;
  disconnected_at: number | null;
}

export interface RequestRaw {
  id: string;
  workspace_id: string;
  account_id: string | null;
  action: string;
  input: unknown;
  status: string;
  result: unknown;
  message: string | null;
  attempts: number;
  run_at: number;
  expires_at: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** Column lists, so no query selects `secrets` by accident. */
export const ACCOUNT_COLUMNS =
  "id, workspace_id, email, status, status_reason, profile, proxy, limits, created_at, updated_at, disconnected_at";
/** `AccountPatch` field → column and how its value is stored. */
export const ACCOUNT_PATCH_COLUMNS: Record<keyof AccountPatch, [column: string, json: boolean]> = {
  email: ["email", false],
  status: ["status", false],
  statusReason: ["status_reason", false],
  profile: ["profile", true],
  proxy: ["proxy", true],
  limits: ["limits", true],
  disconnectedAt: ["disconnected_at", false],
};

export const REQUEST_COLUMNS =
  "id, workspace_id, account_id, action, input, status, result, message, attempts, run_at, expires_at, created_at, started_at, finished_at";

export function toWorkspace(raw: WorkspaceRaw): Workspace {
  return { id: raw.id, name: raw.name, createdAt: raw.created_at };
}

export function toApiKey(raw: ApiKeyRaw, parse: JsonParse): ApiKey {
  return {
    id: raw.id,
    workspaceId: raw.workspace_id,
    name: raw.name,
    secretHash: raw.secret_hash,
    scopes: (parse(raw.scopes) as string[] | null) ?? [],
    allowIps: (parse(raw.allow_ips) as string[] | null) ?? [],
    createdAt: raw.created_at,
    revokedAt: raw.revoked_at,
  };
}

export function toAccount(raw: AccountRaw, parse: JsonParse): Account {
  return {
    id: raw.id,
    workspaceId: raw.workspace_id,
    email: raw.email,
    status: raw.status as AccountStatus,
    statusReason: raw.status_reason,
    profile: (parse(raw.profile) as Account["profile"] | null) ?? {},
    proxy: parse(raw.proxy) as Account["proxy"],
    limits: (parse(raw.limits) as Account["limits"] | null) ?? {},
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    disconnectedAt: raw.disconnected_at,
  };
}

export function toRequest(raw: RequestRaw, parse: JsonParse): RequestRow {
  return {
    id: raw.id,
    workspaceId: raw.workspace_id,
    accountId: raw.account_id,
    action: raw.action,
    input: (parse(raw.input) as Record<string, unknown> | null) ?? {},
    status: raw.status,
    result: parse(raw.result),
    message: raw.message,
    attempts: raw.attempts,
    runAt: raw.run_at,
    expiresAt: raw.expires_at,
    createdAt: raw.created_at,
    startedAt: raw.started_at,
    finishedAt: raw.finished_at,
  };
}

/** The row `enqueue` just inserted, built without reading it back (the hot path). */
export function newRequestRow(request: NewRequest): RequestRow {
  return {
    id: request.id,
    workspaceId: request.workspaceId,
    accountId: request.accountId,
    action: request.action,
    input: request.input,
    status: "QUEUED",
    result: null,
    message: null,
    attempts: 0,
    runAt: request.runAt,
    expiresAt: request.expiresAt,
    createdAt: request.now,
    startedAt: null,
    finishedAt: null,
  };
}

/** The AAD that binds an account's sealed secrets to that account. */
export function accountSecretsAad(accountId: string): string {
  return `account:${accountId}`;
}

/** Shallow merge; `undefined` fields leave the stored value alone. */
export function mergeSecrets<T extends object>(current: T, patch: T): T {
  const merged: Record<string, unknown> = { ...(current as Record<string, unknown>) };
  for (const [field, value] of Object.entries(patch)) if (value !== undefined) merged[field] = value;
  return merged as T;
}

/** Action-log rows as unit times: a row of weight n is n entries at its time (EngineStore.actionTimes). */
export function unitTimes(rows: readonly { at: number; weight: number }[]): number[] {
  const out: number[] = [];
  for (const { at, weight } of rows) for (let i = 0; i < weight; i++) out.push(at);
  return out;
}
