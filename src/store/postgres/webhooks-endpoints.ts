import { parsed } from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import { type EndpointRaw, secretAad, toEndpoint } from "../webhook-rows.ts";
import type { NewWebhookEndpoint, WebhookEndpoint } from "../webhook-types.ts";
import type { Queryable } from "./db.ts";

const COLUMNS = "workspace_id, url, secret_enc, signing, events, created_at, updated_at";

export async function getEndpoint(db: Queryable, box: SecretBox, workspaceId: string): Promise<WebhookEndpoint | null> {
  const { rows } = await db.query<EndpointRaw>({
    name: "welink_webhooks_get_endpoint",
    text: `SELECT ${COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1`,
    values: [workspaceId],
  });
  return rows[0] ? toEndpoint(rows[0], parsed, box.open) : null;
}

/** Creates or replaces the workspace's endpoint; the secret is sealed with the master key. */
export async function setEndpoint(
  db: Queryable,
  box: SecretBox,
  endpoint: NewWebhookEndpoint,
): Promise<WebhookEndpoint> {
  const { rows } = await db.query<EndpointRaw>(
    `INSERT INTO webhook_endpoints (${COLUMNS}) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6)
     ON CONFLICT (workspace_id) DO UPDATE SET url = excluded.url, secret_enc = excluded.secret_enc,
       signing = excluded.signing, events = excluded.events, updated_at = excluded.updated_at
     RETURNING ${COLUMNS}`,
    [
      endpoint.workspaceId,
      endpoint.url,
      box.seal(endpoint.secret, secretAad(endpoint.workspaceId)),
      endpoint.signing,
      JSON.stringify(endpoint.events),
      endpoint.now,
    ],
  );
  return toEndpoint(rows[0]!, parsed, box.open);
}
