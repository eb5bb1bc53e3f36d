import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { markActiveStale } from "./active-requests.ts";

export type Db = Database.Database;
export type Stmt = Database.Statement<unknown[], unknown>;

export const SQLITE_FILE = "welink.db";
/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens `<dataDir>/welink.db` the way every welink process must: WAL (readers never block
 * the writer), synchronous=NORMAL (in WAL a commit is durable against process crashes and
 * the fsync moves to checkpoints, which is what makes group commit fast), foreign keys on.
 */
export function openSqlite(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE));
  applyPragmas(db);
  return db;
}

export function applyPragmas(db: Db): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
}

const statements = new WeakMap<Db, Map<string, Stmt>>();

/** A prepared statement, compiled once per connection and reused (keyed by its text). */
export function prepared(db: Db, sql: string): Stmt {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

const transactions = new WeakMap<Db, Map<string, unknown>>();

/** A cached transaction: calling it runs BEGIN IMMEDIATE; the variants are there too. */
export type Tx<A extends unknown[], R> = ((...args: A) => R) & {
  immediate: (...args: A) => R;
  deferred: (...args: A) => R;
  exclusive: (...args: A) => R;
};

/**
 * `db.transaction(fn)` wrapped once per connection and name, so hot paths do not rebuild
 * the wrapper on every call. `fn` receives the db and the caller's arguments. The FIRST
 * `fn` given for a name is the one kept: it must take everything it uses as arguments,
 * never from a closure (a captured variable would keep its first value). A plain call
 * runs BEGIN IMMEDIATE: it takes the write lock up front, so a read-then-write transaction
 * waits (busy_timeout) for another process's writer (a second engine on the same file, a
 * CLI) instead of failing with SQLITE_BUSY when it tries to upgrade its read snapshot.
 * Nested calls become savepoints.
 */
// biome-ignore lint/suspicious/noExplicitAny: transaction arguments are whatever the operation takes
export function transaction<A extends any[], R>(db: Db, name: string, fn: (db: Db, ...args: A) => R): Tx<A, R> {
  let cache = transactions.get(db);
  if (!cache) {
    cache = new Map();
    transactions.set(db, cache);
  }
  let tx = cache.get(name) as Tx<A, R> | undefined;
  if (!tx) {
    const wrapped = db.transaction((...args: A) => fn(db, ...args));
    const run = (variant: (...args: A) => R, args: A): R => {
      try {
        return variant(...args);
      } catch (error) {
        // Rolled back: the in-memory copies that triggers kept may hold its changes.
        markActiveStale(db);
        throw error;
      }
    };
    tx = Object.assign((...args: A) => run(wrapped.immediate, args), {
      immediate: (...args: A) => run(wrapped.immediate, args),
      deferred: (...args: A) => run(wrapped.deferred, args),
      exclusive: (...args: A) => run(wrapped.exclusive, args),
    });
    cache.set(name, tx);
  }
  return tx;
}
