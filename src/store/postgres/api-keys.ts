import { type ApiKeyRaw, parsed, toApiKey } from "../rows.ts";
import type { ApiKey } from "../types.ts";
import type { Queryable } from "./db.ts";

const COLUMNS = "id, workspace_id, name, secret_hash, scopes, allow_ips, created_at, revoked_at";

export async function createApiKey(db: Queryable, key: ApiKey): Promise<ApiKey> {
  await db.query(`INSERT INTO api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    key.id,
    key.workspaceId,
    key.name,
    key.secretHash,
    JSON.stringify(key.scopes),
    JSON.stringify(key.allowIps),
    key.createdAt,
    key.revokedAt,
  ]);
  return { ...key, scopes: [...key.scopes], allowIps: [...key.allowIps] };
}

/** Read on every authenticated request the gateway's cache misses: a named (prepared) query. */
export async function getApiKey(db: Queryable, id: string): Promise<ApiKey | null> {
  const { rows } = await db.query<ApiKeyRaw>({
    name: "welink_get_api_key",
    text: `SELECT ${COLUMNS} FROM api_keys WHERE id = $1`,
    values: [id],
  });
  return rows[0] ? toApiKey(rows[0], parsed) : null;
}

export async function listApiKeys(db: Queryable, workspaceId?: string): Promise<ApiKey[]> {
  const { rows } =
    workspaceId === undefined
      ? await db.query<ApiKeyRaw>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`)
      : await db.query<ApiKeyRaw>(`SELECT ${COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id`, [
          workspaceId,
        ]);
  return rows.map((raw) => toApiKey(raw, parsed));
}

/** Keeps the first revocation time when revoked twice. */
export async function revokeApiKey(db: Queryable, id: string, now: number): Promise<boolean> {
  const result = await db.query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2", [now, id]);
  return (result.rowCount ?? 0) > 0;
}
