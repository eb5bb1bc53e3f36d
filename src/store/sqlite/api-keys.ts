import { type ApiKeyRaw, parseText, toApiKey } from "../rows.ts";
import type { ApiKey } from "../types.ts";
import { type Db, prepared } from "./db.ts";

const COLUMNS = "id, workspace_id, name, secret_hash, scopes, allow_ips, created_at, revoked_at";

export function createApiKey(db: Db, key: ApiKey): ApiKey {
  prepared(db, `INSERT INTO api_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    key.id,
    key.workspaceId,
    key.name,
    key.secretHash,
    JSON.stringify(key.scopes),
    JSON.stringify(key.allowIps),
    key.createdAt,
    key.revokedAt,
  );
  return { ...key, scopes: [...key.scopes], allowIps: [...key.allowIps] };
}

export function getApiKey(db: Db, id: string): ApiKey | null {
  const raw = prepared(db, `SELECT ${COLUMNS} FROM api_keys WHERE id = ?`).get(id) as ApiKeyRaw | undefined;
  return raw ? toApiKey(raw, parseText) : null;
}

export function listApiKeys(db: Db, workspaceId?: string): ApiKey[] {
  const rows = (
    workspaceId === undefined
      ? prepared(db, `SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`).all()
      : prepared(db, `SELECT ${COLUMNS} FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id`).all(workspaceId)
  ) as ApiKeyRaw[];
  return rows.map((raw) => toApiKey(raw, parseText));
}

/** Keeps the first revocation time when revoked twice. */
export function revokeApiKey(db: Db, id: string, now: number): boolean {
  return prepared(db, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?").run(now, id).changes > 0;
}
