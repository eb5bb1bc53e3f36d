import { parseText } from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import { type EndpointRaw, secretAad, toEndpoint } from "../webhook-rows.ts";
import type { NewWebhookEndpoint, WebhookEndpoint } from "../webhook-types.ts";
import { type Db, prepared } from "./db.ts";

const COLUMNS = "workspace_id, url, secret_enc, signing, events, created_at, updated_at";

export function getEndpoint(db: Db, box: SecretBox, workspaceId: string): WebhookEndpoint | null {
  const raw = prepared(db, `SELECT ${COLUMNS} FROM webhook_endpoints WHERE workspace_id = ?`).get(workspaceId) as
    | EndpointRaw
    | undefined;
  return raw ? toEndpoint(raw, parseText, box.open) : null;
}

/** Creates or replaces the workspace's endpoint; the secret is sealed with the master key. */
export function setEndpoint(db: Db, box: SecretBox, endpoint: NewWebhookEndpoint): WebhookEndpoint {
  const raw = prepared(
    db,
    `INSERT INTO webhook_endpoints (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (workspace_id) DO UPDATE SET url = excluded.url, secret_enc = excluded.secret_enc,
       signing = excluded.signing, events = excluded.events, updated_at = excluded.updated_at
     RETURNING ${COLUMNS}`,
  ).get(
    endpoint.workspaceId,
    endpoint.url,
    box.seal(endpoint.secret, secretAad(endpoint.workspaceId)),
    endpoint.signing,
    JSON.stringify(endpoint.events),
    endpoint.now,
    endpoint.now,
  ) as EndpointRaw;
  return toEndpoint(raw, parseText, box.open);
}
