import type { AccountListener, AccountWatch } from "../types.ts";
import { type Db, prepared } from "./db.ts";

/**
 * Tells the gateway's account cache when a row it holds may be stale, so it can keep rows
 * until they change instead of for a fixed time.
 *
 * - Writes through this connection (the store's updateAccount, the engine's status
 *   changes, a workspace's cascade, whatever code path made them): a TEMP trigger on
 *   `accounts` calls a function of this connection with the row's id, synchronously, in
 *   the statement that changed it. TEMP objects belong to this connection only; nothing is
 *   written to the file.
 * - Writes by any other connection (another process, a CLI command): `PRAGMA
 *   data_version` changes when another connection committed to the file. It cannot say
 *   what changed, so every listener drops everything. It is read at most once per
 *   event-loop turn (a `PRAGMA` is ~1.5 µs, more than the cache lookup it guards): a commit
 *   made elsewhere is seen by the first check of the next turn, and the calls of one turn
 *   arrived together, before it could have been seen anyway.
 */
interface Watcher {
  listeners: Set<AccountListener>;
  version: number | null;
  checkedThisTurn: boolean;
}

const watchers = new WeakMap<Db, Watcher>();
const FUNCTION = "welink_account_changed";

function watcherOf(db: Db): Watcher {
  const watcher = watchers.get(db);
  if (watcher) return watcher;
  const created: Watcher = { listeners: new Set(), version: null, checkedThisTurn: false };
  db.function(FUNCTION, { deterministic: false, varargs: false }, (id: unknown) => {
    if (typeof id === "string") for (const listener of created.listeners) listener.changed(id);
    return null;
  });
  db.exec(
    `CREATE TEMP TRIGGER IF NOT EXISTS welink_account_updated AFTER UPDATE ON main.accounts
       BEGIN SELECT ${FUNCTION}(OLD.id); END;
     CREATE TEMP TRIGGER IF NOT EXISTS welink_account_deleted AFTER DELETE ON main.accounts
       BEGIN SELECT ${FUNCTION}(OLD.id); END;`,
  );
  watchers.set(db, created);
  return created;
}

function check(db: Db, watcher: Watcher): void {
  if (watcher.checkedThisTurn) return;
  watcher.checkedThisTurn = true;
  setImmediate(() => {
    watcher.checkedThisTurn = false;
  });
  const version = (prepared(db, "PRAGMA data_version").get() as { data_version: number }).data_version;
  if (version === watcher.version) return;
  const first = watcher.version === null;
  watcher.version = version;
  // The first reading is the baseline: nothing was cached before it.
  if (!first) for (const listener of watcher.listeners) listener.all();
}

export function watchAccounts(db: Db, listener: AccountListener): AccountWatch {
  const watcher = watcherOf(db);
  watcher.listeners.add(listener);
  check(db, watcher);
  return {
    check: () => check(db, watcher),
    close: () => {
      watcher.listeners.delete(listener);
    },
  };
}
