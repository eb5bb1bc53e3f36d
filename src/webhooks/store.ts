import type pg from "pg";
import { postgresWebhooks } from "../store/postgres/webhooks-store.ts";
import type { SecretBox } from "../store/secret-box.ts";
import type { Db } from "../store/sqlite/db.ts";
import { sqliteWebhooks } from "../store/sqlite/webhooks-store.ts";
import type { Store } from "../store/types.ts";
import type { WebhookStore } from "../store/webhook-types.ts";

/** The adapters' handles (contract: `SqliteStore.db`, `PostgresStore.pool`, and their secret box). */
type WithHandles = Store & { db?: Db; pool?: pg.Pool; box?: SecretBox };

const cache = new WeakMap<Store, WebhookStore>();

/** The webhook operations of an open store, over the adapter's own handle. */
export function webhookStoreOf(store: Store): WebhookStore {
  let found = cache.get(store);
  if (found) return found;
  const handles = store as WithHandles;
  if (!handles.box) throw new Error("webhooks: the store exposes no secret box");
  if (store.dialect === "sqlite" && handles.db) found = sqliteWebhooks(handles.db, handles.box);
  else if (store.dialect === "postgres" && handles.pool) found = postgresWebhooks(handles.pool, handles.box);
  else throw new Error(`webhooks: no handle on the ${store.dialect} store`);
  cache.set(store, found);
  return found;
}
