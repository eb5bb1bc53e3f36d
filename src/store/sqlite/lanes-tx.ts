import { markActiveStale } from "./active-requests.ts";
import type { Db } from "./db.ts";

// biome-ignore lint/suspicious/noExplicitAny: transaction arguments are whatever the operation takes
type Fn = (...args: any[]) => unknown;
const cache = new WeakMap<Db, Map<string, Fn>>();

/**
 * `db.transaction(fn).immediate`, built once per connection and name. The FIRST `fn` given
 * for a name is the one kept: it must take everything it uses as arguments, never from a
 * closure (a captured variable would keep its first value). IMMEDIATE takes the
 * write lock at BEGIN: a deferred transaction that reads and then writes fails with
 * SQLITE_BUSY_SNAPSHOT when another process (a second engine on the same file, a CLI)
 * committed in between, whereas IMMEDIATE simply waits out `busy_timeout`.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export function immediate<A extends any[], R>(db: Db, name: string, fn: (db: Db, ...args: A) => R): (...args: A) => R {
  let map = cache.get(db);
  if (!map) {
    map = new Map();
    cache.set(db, map);
  }
  let tx = map.get(name);
  if (!tx) {
    const run = db.transaction((...args: A) => fn(db, ...args)).immediate as Fn;
    tx = (...args: A) => {
      try {
        return run(...args);
      } catch (error) {
        // Rolled back: the copy of active requests (active-requests.ts) may hold its changes.
        markActiveStale(db);
        throw error;
      }
    };
    map.set(name, tx);
  }
  return tx as (...args: A) => R;
}
